//! The PostgreSQL statements table of the W4 section (pg_stat_statements per window).

use std::fmt::Write as _;

use super::phases::Measured;
use super::report::rate_of;
use crate::statements;

/// Writes what PostgreSQL ran in each W4 window and in the throughput phase.
pub(super) fn statements_section(s: &mut String, m: &Measured) {
    let _ = writeln!(
        s,
        "### What PostgreSQL ran (pg_stat_statements, reset before each window)\n\n\
         | workload | statement | calls per request | mean exec ms | plans per call | mean plan ms |\n\
         |---|---|---:|---:|---:|---:|"
    );
    for r in m.latency.iter().filter(|r| r.delay_ms.is_some()) {
        let label = format!(
            "W4 {}/s, Meta {} ms",
            rate_of(r),
            r.delay_ms.unwrap_or_default()
        );
        for line in statements::render(&r.row.statements, r.row.covered).lines() {
            let _ = writeln!(s, "| {label} {}", line.trim_start_matches('|'));
        }
    }
    if let Some(t) = &m.throughput {
        for line in statements::render(&t.statements, t.received.count).lines() {
            let _ = writeln!(s, "| throughput, per send {}", line.trim_start_matches('|'));
        }
    }
    let _ = writeln!(s);
}
