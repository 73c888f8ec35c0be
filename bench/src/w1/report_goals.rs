//! The goals table of the W1 section: each goal, its target, what was measured, met or not.

use std::fmt::Write as _;

use super::phases::{Load, W1Row};
use super::report::find;
use super::report_backlog::drain_text;

/// The rate of the 2 ms and 50 ms goals.
const BASE_RATE: u32 = 1000;
/// The rate of the p99.9 goal.
const HIGH_RATE: u32 = 4000;
fn yes_no(met: bool) -> &'static str {
    if met { "**yes**" } else { "**no**" }
}

fn valid(r: &W1Row) -> bool {
    let rate_met = match r.load {
        Load::Rate(rate) => r.row.throughput >= 0.98 * f64::from(rate),
        Load::Burst(_) => true,
    };
    r.row.error_share() <= 0.001 && rate_met
}

/// The goals table.
pub(super) fn goals(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(
        s,
        "### Goals\n\n| goal | target | measured | met |\n|---|---|---|---|"
    );
    match find(rows, "W1a", Load::Rate(BASE_RATE)) {
        Some(r) => {
            let met = valid(r) && r.row.latency.p99 < 2.0;
            let _ = writeln!(
                s,
                "| ack p99 at {BASE_RATE} deliveries/s | < 2 ms | {:.3} ms ({:.0}/s acknowledged, {} errors) | {} |",
                r.row.latency.p99,
                r.row.throughput,
                r.row.errors,
                yes_no(met)
            );
            if let Some(v) = &r.visibility {
                let met = v.delay.count > 0 && v.unseen == 0 && v.delay.p99 < 50.0;
                let _ = writeln!(
                    s,
                    "| ack → visible in `GET /conversations`, p99 at {BASE_RATE}/s | < 50 ms | {:.1} ms ({} probes, {} unseen) | {} |",
                    v.delay.p99,
                    v.delay.count,
                    v.unseen,
                    yes_no(met)
                );
            }
        }
        None => {
            let _ = writeln!(
                s,
                "| ack p99 at {BASE_RATE}/s | < 2 ms | not measured | – |"
            );
        }
    }
    match find(rows, "W1a", Load::Rate(HIGH_RATE)) {
        Some(r) => {
            let met = valid(r) && r.row.latency.p999 < 10.0;
            let _ = writeln!(
                s,
                "| {HIGH_RATE} deliveries/s sustained, ack p99.9 | ≥ 98 % of the rate acknowledged, ≤ 0.1 % errors, p99.9 < 10 ms \
                 | {:.0}/s, {} errors, p99.9 {:.3} ms | {} |",
                r.row.throughput,
                r.row.errors,
                r.row.latency.p999,
                yes_no(met)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "| {HIGH_RATE}/s sustained | p99.9 < 10 ms | not measured | – |"
            );
        }
    }
    for r in rows.iter().filter(|r| r.row.id == "W1a") {
        let Load::Rate(rate) = r.load else { continue };
        if let Some(b) = r.backlog {
            let met = !growing(&b, rate);
            let _ = writeln!(
                s,
                "| no growing backlog at {rate}/s | depth not rising over the window; drained after | \
                 {:+.1}/s over the window (depth {} → {}), applied {:.0}/s, drained in {} | {} |",
                b.slope,
                b.start,
                b.end,
                b.applied_per_second,
                drain_text(b.drain_secs),
                yes_no(met)
            );
        }
    }
    let _ = writeln!(s);
}

/// Growing: the depth rose by more than 1 % of the rate per second and ended above a tenth of a
/// second's deliveries.
fn growing(b: &super::backlog::Backlog, rate: u32) -> bool {
    let rate = f64::from(rate);
    b.slope > 0.01 * rate && b.end as f64 > 0.1 * rate
}
