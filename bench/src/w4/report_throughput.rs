//! The sustained gateway throughput table of the W4 section: the rate fake Meta received
//! against the tier, refusals, deliveries, the drain and the CPU per send.

use std::fmt::Write as _;

use super::phases::Throughput;
use crate::cli::W4Args;

/// Writes the throughput table and the sends received in each second.
pub(super) fn throughput(s: &mut String, args: &W4Args, t: &Throughput) {
    let tier = args.w4.w4_tier;
    let wall = t.cpu.wall.max(1e-9);
    let per_send = |cpu: f64| cpu * 1000.0 / t.received.count.max(1) as f64;
    let _ = writeln!(
        s,
        "### Sustained gateway throughput (fake Meta answering in {} ms, tier {tier}/s)\n\n\
         | measure | value |\n|---|---:|",
        args.w4.w4_latency_ms
    );
    let mut line = |what: &str, value: String| {
        let _ = writeln!(s, "| {what} | {value} |");
    };
    line("messages queued (one transaction)", t.queued.to_string());
    line("queueing took", format!("{:.2} s", t.enqueue_secs));
    line(
        "first send at fake Meta after the commit",
        format!("{:.2} s", t.first_send_secs),
    );
    line("send calls received", t.received.count.to_string());
    line(
        "first to last receive",
        format!("{:.2} s", t.received.span_secs),
    );
    line(
        "received per second over that span",
        format!("{:.1}", t.received.overall),
    );
    line(
        "whole seconds: lowest / median / highest",
        t.received
            .whole_seconds
            .map_or("–".to_owned(), |[lo, m, hi]| format!("{lo} / {m} / {hi}")),
    );
    line(
        "**ratio to the tier** (median whole second ÷ tier)",
        format!("**{:.1} %**", t.received.ratio(tier) * 100.0),
    );
    line(
        "accepted per second over their span",
        format!("{:.1}", t.accepted.overall),
    );
    line(
        "answers other than 200 (`130429` from the cap)",
        t.refused.to_string(),
    );
    line(
        "jobs whose last error was `130429`",
        t.throttled_jobs.to_string(),
    );
    let d = &t.deliveries;
    line(
        "messages accepted once / more than once / never",
        format!("{} / {} / {}", d.once, d.repeated, d.missing),
    );
    line(
        "accepted sends naming no queued message",
        d.foreign.to_string(),
    );
    line(
        "send jobs by state afterwards",
        t.states
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    line(
        "commit of the queue → no job left",
        t.drain_secs
            .map_or("– (not within the timeout)".to_owned(), |d| {
                format!(
                    "{d:.1} s (ideal {:.1} s)",
                    t.queued as f64 / f64::from(tier)
                )
            }),
    );
    line(
        "CPU ms per send: inboxd / postgres / client + fake Meta",
        format!(
            "{:.3} / {:.3} / {:.3}",
            per_send(t.cpu.server),
            per_send(t.cpu.postgres),
            per_send(t.cpu.generator)
        ),
    );
    line(
        "others' load over the phase (cores)",
        format!("{:.2}", t.cpu.others / wall),
    );
    let _ = writeln!(
        s,
        "\nSends received in each second from the first: {}.\n",
        t.received
            .per_second
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
}
