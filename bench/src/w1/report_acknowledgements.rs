//! The acknowledgement latency tables of the W1 section: every workload's latency, CPU and WAL
//! flushes, and the webhook rows next to R5 on the same schedule.

use std::fmt::Write as _;

use super::phases::W1Row;
use super::report::{find, load_label};

/// The acknowledgement latency table and the comparison with R5.
pub(super) fn acknowledgements(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(
        s,
        "### Acknowledgement latency (open loop, from the intended send time)\n\n\
         | id | workload | load | achieved /s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | \
         p99 from send ms | driver lag p99 ms | CPU ms per request inboxd / postgres / client | commits per request | \
         WAL flushes /s (per request) | others' load (cores) |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
    );
    for r in rows {
        let row = &r.row;
        let per = |v: f64| v / (r.offered.max(1) as f64);
        let wall = row.cpu.wall.max(1e-9);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.0} | {} | {} | {} | {} | {:.3} | {:.0} ({:.3}) | {:.2} |",
            row.id,
            row.what,
            load_label(r.load),
            row.throughput,
            row.latency_cells(),
            row.service_p99.map_or("–".into(), |v| format!("{v:.3}")),
            row.lag_p99.map_or("–".into(), |v| format!("{v:.3}")),
            row.cpu_cells(),
            per(r.deltas.commits),
            r.deltas.wal_syncs / wall,
            per(r.deltas.wal_syncs),
            row.cpu.other_load()
        );
    }
    let _ = writeln!(
        s,
        "\nThe webhook rows' CPU, commits and WAL flushes include the workers applying deliveries during the \
         window (not the drain after it); R5 has no workers behind it. \"p99 from send\" leaves out the wait for \
         a free connection; \"driver lag\" is this tool's delay in starting a request.\n\n\
         | load | ack p50 ÷ R5 p50 | p99 ÷ R5 p99 | p99.9 ÷ R5 p99.9 | p99 − R5 p99 ms | p99.9 − R5 p99.9 ms |\n\
         |---|---:|---:|---:|---:|---:|"
    );
    for w in rows
        .iter()
        .filter(|r| r.row.id == "W1a" || r.row.id == "W1b")
    {
        let Some(r5) = find(rows, "R5", w.load) else {
            continue;
        };
        let (a, b) = (&w.row.latency, &r5.row.latency);
        let ratio = |x: f64, y: f64| {
            if y > 0.0 {
                format!("{:.2}", x / y)
            } else {
                "–".to_owned()
            }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:+.3} | {:+.3} |",
            load_label(w.load),
            ratio(a.p50, b.p50),
            ratio(a.p99, b.p99),
            ratio(a.p999, b.p999),
            a.p99 - b.p99,
            a.p999 - b.p999
        );
    }
    let _ = writeln!(s);
}
