//! The send request's latency table of the W4 section, each window next to R5 at its rate.

use std::fmt::Write as _;

use super::phases::LatencyRow;
use super::report::rate_of;

/// Writes the latency table of the send request and R5, then what R5 is to it.
pub(super) fn latency(s: &mut String, rows: &[LatencyRow]) {
    let _ = writeln!(
        s,
        "### The send request (open loop, from the intended send time)\n\n\
         | id | Meta delay | offered /s | answered /s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | \
         p50 ÷ R5 | p99 ÷ R5 | CPU ms per request inboxd / postgres / client + fake | outbox drained after | others' load (cores) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
    );
    for r in rows {
        let row = &r.row;
        let reference = rows
            .iter()
            .find(|x| x.delay_ms.is_none() && rate_of(x) == rate_of(r));
        let ratio = |ours: f64, theirs: Option<f64>| match theirs {
            Some(t) if t > 0.0 && r.delay_ms.is_some() => format!("{:.2}", ours / t),
            _ => "–".to_owned(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.0} | {} | {} | {} | {} | {} | {:.2} |",
            row.id,
            r.delay_ms.map_or("–".to_owned(), |d| format!("{d} ms")),
            rate_of(r),
            row.throughput,
            row.latency_cells(),
            ratio(row.latency.p50, reference.map(|x| x.row.latency.p50)),
            ratio(row.latency.p99, reference.map(|x| x.row.latency.p99)),
            row.cpu_cells(),
            r.drain_secs.map_or("–".to_owned(), |d| format!("{d:.1} s")),
            row.cpu.other_load()
        );
    }
    let _ = writeln!(
        s,
        "\nA send is answered after its message and job are committed, so R5 (one durable insert) is its \
         floor; the send workers call fake Meta meanwhile, so a p99 that moved with Meta's delay would \
         show here.\n"
    );
}
