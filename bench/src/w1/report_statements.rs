//! The "What PostgreSQL ran" table of the W1 section, from pg_stat_statements.

use std::fmt::Write as _;

use super::phases::W1Row;
use super::report::load_label;
use crate::statements;

/// The pg_stat_statements table, per workload and load.
pub(super) fn statements_section(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(
        s,
        "### What PostgreSQL ran (pg_stat_statements, reset before each window)\n\n\
         | workload | statement | calls per request | mean exec ms | plans per call | mean plan ms |\n\
         |---|---|---:|---:|---:|---:|"
    );
    for r in rows {
        for line in statements::render(&r.row.statements, r.row.covered).lines() {
            let _ = writeln!(s, "| {} {} {line}", r.row.id, load_label(r.load));
        }
    }
    let _ = writeln!(s);
}
