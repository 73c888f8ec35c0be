//! The goals table of the W4 section: the send request's p99 at each rate and delay, its
//! independence of Meta's delay, and the gateway's rate, `130429` answers and double sends.

use std::fmt::Write as _;

use super::report::{Input, rate_of, yes_no};

/// The send request's p99 goal (issue 6), ms.
const P99_GOAL_MS: f64 = 5.0;
/// The share of the tier the gateway must reach.
const TIER_GOAL: f64 = 0.99;

/// Writes the goals table: each goal, its target, the measurement, met or not.
pub(super) fn goals(s: &mut String, input: &Input<'_>) {
    let rows = &input.measured.latency;
    let _ = writeln!(
        s,
        "### Goals\n\n| goal | target | measured | met |\n|---|---|---|---|"
    );
    for r in rows.iter().filter(|r| r.delay_ms.is_some()) {
        let delay = r.delay_ms.unwrap_or_default();
        let met = r.row.error_share() <= 0.001 && r.row.latency.p99 < P99_GOAL_MS;
        let _ = writeln!(
            s,
            "| send p99 at {}/s, Meta {delay} ms | < {P99_GOAL_MS} ms | {:.3} ms ({:.0}/s answered, {} errors) | {} |",
            rate_of(r),
            r.row.latency.p99,
            r.row.throughput,
            r.row.errors,
            yes_no(met)
        );
    }
    let delays = &input.args.w4.w4_delays_ms;
    if let (Some(&low), Some(&high)) = (delays.iter().min(), delays.iter().max())
        && low != high
    {
        for &rate in &input.args.w4.w4_rates {
            let at = |delay: u64| {
                rows.iter()
                    .find(|r| r.delay_ms == Some(delay) && rate_of(r) == rate)
            };
            if let (Some(a), Some(b)) = (at(low), at(high)) {
                let shift = b.row.latency.p99 - a.row.latency.p99;
                let met = shift <= (0.2 * a.row.latency.p99).max(1.0);
                let _ = writeln!(
                    s,
                    "| send p99 independent of Meta's delay, {rate}/s | Meta {high} ms within max(1 ms, 20 %) of Meta {low} ms \
                     | {:.3} → {:.3} ms ({shift:+.3}) | {} |",
                    a.row.latency.p99,
                    b.row.latency.p99,
                    yes_no(met)
                );
            }
        }
    }
    if let Some(t) = &input.measured.throughput {
        let tier = input.args.w4.w4_tier;
        let ratio = t.received.ratio(tier);
        let _ = writeln!(
            s,
            "| sustained gateway rate, Meta {} ms | ≥ {:.0} % of the tier ({tier}/s) | {:.1} % ({} sends/s in the median whole second) | {} |",
            input.args.w4.w4_latency_ms,
            TIER_GOAL * 100.0,
            ratio * 100.0,
            t.received
                .whole_seconds
                .map_or(format!("{:.0}", t.received.overall), |[_, m, _]| m
                    .to_string()),
            yes_no(ratio >= TIER_GOAL)
        );
        let _ = writeln!(
            s,
            "| no `130429` | 0 | {} answers, {} jobs retried for it | {} |",
            t.refused,
            t.throttled_jobs,
            yes_no(t.refused == 0 && t.throttled_jobs == 0)
        );
        let d = &t.deliveries;
        let _ = writeln!(
            s,
            "| no double send | every message accepted exactly once | {} of {} once, {} twice or more, {} missing | {} |",
            d.once,
            d.queued,
            d.repeated,
            d.missing,
            yes_no(d.exact())
        );
    }
    let _ = writeln!(s);
}
