//! What the server ran during a workload (pg_stat_statements): round trips per request, mean
//! execution time, and how often statements were planned (the plan cache at work).

use std::fmt::Write as _;

use tokio_postgres::Client;

use crate::error::{BenchError, Result};

/// One statement's counters over a workload.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementStats {
    /// Normalised text, shortened.
    pub query: String,
    /// Executions.
    pub calls: i64,
    /// Planner runs (custom plans run it each time; generic plans once per connection).
    pub plans: i64,
    /// Mean execution time, ms.
    pub mean_exec_ms: f64,
    /// Mean planning time, ms.
    pub mean_plan_ms: f64,
}

/// Clears the counters.
pub async fn reset(client: &Client) -> Result<()> {
    client
        .batch_execute("SELECT pg_stat_statements_reset()")
        .await
        .map_err(BenchError::db("resetting pg_stat_statements"))
}

/// Statements since the last reset, most called first (the harness's own queries left out).
pub async fn read(client: &Client) -> Result<Vec<StatementStats>> {
    let rows = client
        .query(
            "SELECT query, calls, plans, mean_exec_time, mean_plan_time FROM pg_stat_statements \
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
               AND query NOT LIKE '%pg_stat_statements%' \
             ORDER BY calls DESC LIMIT 5",
            &[],
        )
        .await
        .map_err(BenchError::db("reading pg_stat_statements"))?;
    Ok(rows
        .iter()
        .map(|r| StatementStats {
            query: shorten(r.get(0)),
            calls: r.get(1),
            plans: r.get(2),
            mean_exec_ms: r.get(3),
            mean_plan_ms: r.get(4),
        })
        .collect())
}

/// A compact rendering: `SELECT id, … FROM view WHERE …`.
fn shorten(query: &str) -> String {
    let flat = query.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = match (flat.find("SELECT "), flat.find(" FROM ")) {
        (Some(0), Some(from)) if from > 40 => format!("SELECT … {}", &flat[from + 1..]),
        _ => flat,
    };
    if shown.chars().count() > 110 {
        let cut: String = shown.chars().take(110).collect();
        format!("{cut}…")
    } else {
        shown
    }
}

/// Statements run less than once per this many requests are the server's background work.
pub const BACKGROUND_SHARE: f64 = 0.01;

/// Whether a statement ran often enough to be part of the requests.
pub fn per_request(st: &StatementStats, requests: u64) -> bool {
    st.calls as f64 >= BACKGROUND_SHARE * requests.max(1) as f64
}

/// Markdown lines for a report (statements of the requests only).
pub fn render(stats: &[StatementStats], requests: u64) -> String {
    let mut s = String::new();
    for st in stats
        .iter()
        .filter(|st| st.calls > 0 && per_request(st, requests))
    {
        let _ = writeln!(
            s,
            "| `{}` | {:.3} | {:.3} | {:.3} | {:.4} |",
            st.query.replace('|', "\\|"),
            st.calls as f64 / requests.max(1) as f64,
            st.mean_exec_ms,
            st.plans as f64 / st.calls as f64,
            st.mean_plan_ms
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_select_lists_are_elided() {
        let q = "SELECT id, account_id, contact_id, status, unread_count, favorite, bot_mode FROM inbox_messages WHERE x = $1";
        assert_eq!(shorten(q), "SELECT … FROM inbox_messages WHERE x = $1");
        assert_eq!(shorten("SELECT $1"), "SELECT $1");
    }
}
