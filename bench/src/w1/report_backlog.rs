//! The backlog table of the W1 section: deliveries stored but not yet applied, and the drain.

use std::fmt::Write as _;

use super::phases::W1Row;
use super::report::load_label;

/// The backlog table.
pub(super) fn backlog(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(
        s,
        "### Backlog: deliveries stored but not yet applied\n\n\
         Sampled every 500 ms (`state` queued, retry or running). Slope: least squares over the measured \
         window. Applied: stored minus the depth's growth, per second of the window. Drain: from the end of \
         the load until the queue was empty; drain rate: the depth at the end of the load over that time \
         (the workers' pace with no new deliveries).\n\n\
         | load | depth at start | at end | max | slope /s | applied /s | drain | drain rate /s |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let Some(b) = r.backlog else { continue };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:+.1} | {:.0} | {} | {} |",
            load_label(r.load),
            b.start,
            b.end,
            b.max,
            b.slope,
            b.applied_per_second,
            drain_text(b.drain_secs),
            b.drain_secs
                .filter(|&d| d > 0.0)
                .map_or("–".to_owned(), |d| format!("{:.0}", b.end as f64 / d))
        );
    }
    let _ = writeln!(s);
}

/// The drain time, or a dash when the queue did not empty within the timeout.
pub(super) fn drain_text(secs: Option<f64>) -> String {
    secs.map_or("– (not within the timeout)".to_owned(), |d| {
        format!("{d:.1} s")
    })
}
