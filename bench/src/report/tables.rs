//! The measurement tables of the read-path report: open loop, saturation, statements, plans.

use std::fmt::Write as _;

use crate::results::{Mode, Row, best_closed, find};
use crate::statements;

pub(super) fn clients(r: &Row) -> String {
    match r.mode {
        Mode::Closed(c) => c.to_string(),
        Mode::Open(_) => "-".into(),
    }
}

pub(super) fn open_loop(s: &mut String, rows: &[Row]) {
    let _ = writeln!(
        s,
        "### Open loop: latency from the intended send time\n\n\
         | id | workload | offered rps | achieved rps | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | \
         p99 from send ms | driver lag p99 ms | CPU ms/req inboxd / postgres / client | others' load (cores) |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    );
    for r in rows.iter().filter(|r| matches!(r.mode, Mode::Open(_))) {
        let Mode::Open(rate) = r.mode else { continue };
        let opt = |v: Option<f64>| v.map_or("–".to_owned(), |l| format!("{l:.3}"));
        let _ = writeln!(
            s,
            "| {} | {} | {rate} | {:.0} | {} | {} | {} | {} | {:.2} |",
            r.id,
            r.what,
            r.throughput,
            r.latency_cells(),
            opt(r.service_p99),
            opt(r.lag_p99),
            r.cpu_cells(),
            r.cpu.other_load()
        );
    }
    let _ = writeln!(
        s,
        "\nR0/R2/R3 here are the same statements sent by this driver straight to PostgreSQL with tokio-postgres \
         (prepared and typed like the app, planned like the app's statements were, a pool of the app's size, \
         the same mix and schedule): the endpoint \
         minus this is what HTTP and inboxd add. \"p99 from send\" leaves out the wait for a free connection; \
         \"driver lag\" is this tool's own delay in starting a request (it is included in the latency). \
         \"client\" CPU is this tool.\n"
    );
    let _ = writeln!(
        s,
        "| endpoint at rate | p50 ÷ R9 p50 | p99 ÷ R9 p99 | p50 − SQL p50 (ms) | p99 − SQL p99 (ms) |\n|---|---:|---:|---:|---:|"
    );
    for r in rows
        .iter()
        .filter(|r| matches!(r.mode, Mode::Open(_)) && matches!(r.id, "R9" | "A1" | "W2" | "W3"))
    {
        let sql_id = match r.id {
            "W2" => "R2",
            "W3" => "R3",
            "A1" => "none",
            _ => "R0",
        };
        let r9 = find(rows, "R9", r.mode);
        let sql = find(rows, sql_id, r.mode);
        let Mode::Open(rate) = r.mode else { continue };
        let _ = writeln!(
            s,
            "| {} at {rate} rps (SQL = {sql_id}) | {} | {} | {} | {} |",
            r.id,
            r9.filter(|_| r.id != "R9").map_or("–".into(), |b| format!(
                "{:.2}",
                r.latency.p50 / b.latency.p50
            )),
            r9.filter(|_| r.id != "R9").map_or("–".into(), |b| format!(
                "{:.2}",
                r.latency.p99 / b.latency.p99
            )),
            sql.map_or("–".into(), |q| format!(
                "{:+.3}",
                r.latency.p50 - q.latency.p50
            )),
            sql.map_or("–".into(), |q| format!(
                "{:+.3}",
                r.latency.p99 - q.latency.p99
            )),
        );
    }
    let _ = writeln!(s);
}

pub(super) fn saturation(s: &mut String, rows: &[Row]) {
    let _ = writeln!(
        s,
        "### Saturation: closed loop\n\n\
         | id | workload | clients | throughput (rps / tps) | mean ms | p50 ms | p99 ms | errors | \
         CPU ms/req inboxd / postgres / client | others' load (cores) |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---|---:|"
    );
    for r in rows.iter().filter(|r| matches!(r.mode, Mode::Closed(_))) {
        let pct = |v: f64| {
            if r.percentiles {
                format!("{v:.3}")
            } else {
                "–".to_owned()
            }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.0} | {:.3} | {} | {} | {} | {} | {:.2} |",
            r.id,
            r.what,
            clients(r),
            r.throughput,
            r.latency.mean,
            pct(r.latency.p50),
            pct(r.latency.p99),
            r.errors,
            r.cpu_cells(),
            r.cpu.other_load()
        );
    }
    let _ = writeln!(
        s,
        "\nClosed-loop latencies are service times (no schedule): read them as a shape, not as latency goals. \
         pgbench rows: mean = clients ÷ tps; its per-transaction log reads the clock lazily (many 0 µs \
         entries), so no percentiles. pgbench CPU per transaction includes its 3 s warm-up.\n\n\
         | ratio | value |\n|---|---:|"
    );
    let pairs = [("W2", "R2"), ("W3", "R3"), ("R9", "R0")];
    for (http, sql) in pairs {
        if let (Some(h), Some(p)) = (best_closed(rows, http), best_closed(rows, sql)) {
            let _ = writeln!(
                s,
                "| {http} best ÷ {sql} best | {:.0} % ({:.0} ÷ {:.0}) |",
                100.0 * h.throughput / p.throughput,
                h.throughput,
                p.throughput
            );
        }
        for h in rows
            .iter()
            .filter(|r| r.id == http && matches!(r.mode, Mode::Closed(_)))
        {
            if let Some(p) = find(rows, sql, h.mode) {
                let _ = writeln!(
                    s,
                    "| {http} ÷ {sql} at c={} | {:.0} % |",
                    clients(h),
                    100.0 * h.throughput / p.throughput
                );
            }
        }
    }
    let _ = writeln!(s);
}

pub(super) fn statements_section(s: &mut String, rows: &[Row]) {
    let _ = writeln!(
        s,
        "### What PostgreSQL ran (pg_stat_statements, reset before each workload)\n\n\
         | workload | statement | calls per request | mean exec ms | plans per call | mean plan ms |\n\
         |---|---|---:|---:|---:|---:|"
    );
    for r in rows
        .iter()
        .filter(|r| matches!(r.id, "W2" | "W3" | "R9" | "A1" | "R2" | "R3" | "R0"))
    {
        let mode = match r.mode {
            Mode::Open(rate) => format!("{rate} rps"),
            Mode::Closed(c) => format!("c={c}"),
        };
        for line in statements::render(&r.statements, r.covered).lines() {
            let _ = writeln!(s, "| {} {mode} {line}", r.id);
        }
    }
    let _ = writeln!(s);
}

pub(super) fn plans(s: &mut String, plans: &[(String, String)]) {
    if plans.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "### Query plans (EXPLAIN ANALYZE of the prepared statement, warm)\n"
    );
    for (title, text) in plans {
        let _ = writeln!(s, "{title}:\n\n```text\n{text}\n```\n");
    }
}
