//! The validity list of the W1 section: workloads with errors, short of their rate, or contended.

use std::fmt::Write as _;

use super::phases::{Load, W1Row};
use super::report::load_label;

/// The validity list.
pub(super) fn validity(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(s, "### Validity\n");
    let bad: Vec<String> = rows
        .iter()
        .filter(|r| r.row.error_share() > 0.001)
        .map(|r| {
            format!(
                "{} {}: {} errors{}",
                r.row.id,
                load_label(r.load),
                r.row.errors,
                crate::section::detail_suffix(&r.row.error_detail)
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "- Workloads over 0.1 % errors (invalid): {}.",
        crate::section::listed(&bad, "; ")
    );
    let short: Vec<String> = rows
        .iter()
        .filter_map(|r| match r.load {
            Load::Rate(rate) if r.row.throughput < 0.98 * f64::from(rate) => Some(format!(
                "{} at {rate}/s achieved {:.0}",
                r.row.id, r.row.throughput
            )),
            _ => None,
        })
        .collect();
    let _ = writeln!(
        s,
        "- Sustained workloads short of their offered rate: {}.",
        crate::section::listed(&short, ", ")
    );
    let contended: Vec<String> = rows
        .iter()
        .filter(|r| r.row.cpu.other_load() > 0.5)
        .map(|r| {
            format!(
                "{} {} ({:.2})",
                r.row.id,
                load_label(r.load),
                r.row.cpu.other_load()
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "- Contended (other processes above 0.5 cores during the workload): {}.",
        crate::section::listed(&contended, ", ")
    );
}
