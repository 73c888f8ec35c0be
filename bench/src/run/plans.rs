//! The query plans of the app's two keyset statements: the `plan_cache_mode` the app's runs
//! showed, and the EXPLAIN text printed in the report.

use inbox_postgres::sql::{LIST_CONVERSATIONS, PAGE_MESSAGES};
use tokio_postgres::Client;

use crate::error::Result;
use crate::explain;
use crate::params::Mix;
use crate::results::Row;

/// The `plan_cache_mode` that reproduces what the server did with the app's statement on `view`
/// during the app's workloads so far (planner runs per execution, from pg_stat_statements).
pub(super) fn app_plan_mode(rows: &[Row], http_id: &str, view: &str) -> String {
    let worst = rows
        .iter()
        .filter(|r| r.id == http_id)
        .flat_map(|r| r.statements.iter())
        .filter(|s| s.query.contains(view) && s.calls > 0)
        .map(|s| s.plans as f64 / s.calls as f64)
        .fold(None, |acc: Option<f64>, x| {
            Some(acc.map_or(x, |a| a.max(x)))
        });
    match worst {
        Some(r) if r < 0.05 => "force_generic_plan",
        Some(r) if r > 0.5 => "force_custom_plan",
        _ => "auto",
    }
    .to_owned()
}

/// EXPLAIN of the first list and page draws, under the plan cache mode the app's runs showed.
pub(super) async fn explain_both(
    client: &Client,
    mixes: &(Mix, Mix),
    rows: &[Row],
) -> Result<Vec<(String, String)>> {
    let explain_mode = |mode: String| {
        if mode == "force_custom_plan" {
            "force_custom_plan"
        } else {
            "force_generic_plan"
        }
    };
    let mut plans = Vec::new();
    if let Some(first) = mixes.0.draws.iter().find(|p| p.cursor.is_none()) {
        let mode = explain_mode(app_plan_mode(rows, "W2", "inbox_conversation_summaries"));
        let text = explain::explain(client, LIST_CONVERSATIONS, first, "cursor", mode).await?;
        plans.push((
            format!("List, first page of the largest account's draw, `{mode}` (as the app ran it)"),
            text,
        ));
    }
    if let Some(first) = mixes.1.draws.first() {
        let mode = explain_mode(app_plan_mode(rows, "W3", "inbox_messages"));
        let text = explain::explain(client, PAGE_MESSAGES, first, "before", mode).await?;
        plans.push((
            format!("Message page, first draw of the mix, `{mode}` (as the app ran it)"),
            text,
        ));
    }
    Ok(plans)
}
