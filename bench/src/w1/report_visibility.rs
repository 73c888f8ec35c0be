//! The acknowledgement → visible table of the W1 section: probe deliveries found in the
//! conversation list.

use std::fmt::Write as _;

use super::phases::W1Row;
use super::report::load_label;

/// The acknowledgement → visible table.
pub(super) fn visibility(s: &mut String, rows: &[W1Row]) {
    let _ = writeln!(
        s,
        "### Acknowledgement → visible in the conversation list\n\n\
         Every Nth delivery is a probe: an inbound text from a new customer of the probe account, stamped \
         now. From the end of its 200, one poller asks `GET /conversations?account_id=<probe account>&limit=50` \
         (through inboxd, like an agent's list) until the probe's text is on the page, polling every 1/20 of \
         the oldest outstanding probe's age (1–50 ms) and only while one is outstanding. The delay runs to the \
         end of the first response that shows it: an upper bound, at most ~5 % (or 1 ms) late.\n\n\
         | load | probes seen | p50 ms | p90 ms | p99 ms | max ms | unseen | list polls |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let Some(v) = &r.visibility else { continue };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            load_label(r.load),
            v.delay.count,
            delay_ms(v.delay.p50),
            delay_ms(v.delay.p90),
            delay_ms(v.delay.p99),
            delay_ms(v.delay.max),
            v.unseen,
            v.polls
        );
    }
    let _ = writeln!(s);
}

/// A delay in ms; the histograms stop at one minute, so a value there reads "≥ 60000".
fn delay_ms(ms: f64) -> String {
    if ms >= 59_999.0 {
        "≥ 60000".to_owned()
    } else {
        format!("{ms:.1}")
    }
}
