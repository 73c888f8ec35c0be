//! The goal rows of the read-path report: each goal, its measurement, met or not.

use std::fmt::Write as _;

use super::tables::clients;
use crate::results::{Mode, Row, best_closed, find};

/// The open-loop rate the goals are stated at.
const GOAL_RATE: u32 = 2000;
/// p99 goal of both pages at that rate, ms.
const GOAL_P99_MS: f64 = 5.0;
/// p99 goal of `GET /auth/me` with a warm principal cache, ms.
const AUTH_ME_P99_MS: f64 = 1.0;

fn yes_no(met: bool) -> &'static str {
    if met { "**yes**" } else { "**no**" }
}

pub(super) fn goals(s: &mut String, rows: &[Row]) {
    let _ = writeln!(
        s,
        "### Goals\n\n| goal | target | measured | met |\n|---|---|---|---|"
    );
    for (id, name) in [("W2", "list"), ("W3", "message page")] {
        match find(rows, id, Mode::Open(GOAL_RATE)) {
            Some(r) => {
                let valid = r.error_share() <= 0.001 && r.throughput >= 0.98 * f64::from(GOAL_RATE);
                let met = valid && r.latency.p99 < GOAL_P99_MS;
                let miss = if met {
                    String::new()
                } else if !valid {
                    let ceiling = best_closed(rows, id)
                        .map(|b| format!(" (its saturation throughput is {:.0} rps)", b.throughput))
                        .unwrap_or_default();
                    format!(
                        ", overloaded: the offered rate is above what the endpoint serves{ceiling}"
                    )
                } else {
                    format!(", {:.2} ms over", r.latency.p99 - GOAL_P99_MS)
                };
                let _ = writeln!(
                    s,
                    "| {name} p99 at {GOAL_RATE} requests/s offered (open loop) | < {GOAL_P99_MS} ms | {:.2} ms \
                     ({:.0} rps achieved, {} errors) | {}{miss} |",
                    r.latency.p99,
                    r.throughput,
                    r.errors,
                    yes_no(met)
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "| {name} p99 at {GOAL_RATE} rps | < 5 ms | not measured | – |"
                );
            }
        }
    }
    for (http, sql, name, goal) in [
        ("W2", "R2", "list", 0.70),
        ("W3", "R3", "message page", 0.50),
    ] {
        if let (Some(h), Some(p)) = (best_closed(rows, http), best_closed(rows, sql)) {
            let ratio = h.throughput / p.throughput;
            let met = ratio >= goal && h.error_share() <= 0.001;
            let miss = if met {
                String::new()
            } else {
                format!(", {:.0} points short", (goal - ratio) * 100.0)
            };
            let _ = writeln!(
                s,
                "| {name} saturation ÷ pgbench, same statement (best client count each) | ≥ {:.0} % | {:.0} % \
                 ({:.0} rps at c={} ÷ {:.0} tps at c={}) | {}{miss} |",
                goal * 100.0,
                ratio * 100.0,
                h.throughput,
                clients(h),
                p.throughput,
                clients(p),
                yes_no(met)
            );
        }
    }
    auth_goals(s, rows);
    let _ = writeln!(s);
}

/// Issue 5: `/auth/me` with a warm cache, and what authentication plus authorisation add to a
/// typical read (the authenticated list against its statement run straight through a pool).
fn auth_goals(s: &mut String, rows: &[Row]) {
    for r in rows.iter().filter(|r| r.id == "A1") {
        let Mode::Open(rate) = r.mode else { continue };
        let valid = r.error_share() <= 0.001 && r.throughput >= 0.98 * f64::from(rate);
        let met = valid && r.latency.p99 < AUTH_ME_P99_MS;
        let _ = writeln!(
            s,
            "| /auth/me p99, warm cache, at {rate} requests/s offered | < {AUTH_ME_P99_MS} ms | {:.3} ms \
             (p50 {:.3} ms, {:.0} rps achieved, {} errors) | {} |",
            r.latency.p99,
            r.latency.p50,
            r.throughput,
            r.errors,
            yes_no(met)
        );
    }
    for r in rows.iter().filter(|r| r.id == "W2") {
        let Mode::Open(rate) = r.mode else { continue };
        let Some(sql) = find(rows, "R2", r.mode) else {
            continue;
        };
        let _ = writeln!(
            s,
            "| authenticated list ÷ the same statement straight through a pool (R2), at {rate} rps | \
             reported | p50 {:.2}× ({:.3} ÷ {:.3} ms), p99 {:.2}× ({:.3} ÷ {:.3} ms) | – |",
            r.latency.p50 / sql.latency.p50,
            r.latency.p50,
            sql.latency.p50,
            r.latency.p99 / sql.latency.p99,
            r.latency.p99,
            sql.latency.p99
        );
    }
}
