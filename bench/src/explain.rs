//! Query plans of the app's two read statements, as the app runs them (prepared, generic plan).

use tokio_postgres::{Client, SimpleQueryMessage};

use crate::error::{BenchError, Result};
use crate::params::Param;

/// `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)` of `sql` with the parameters of `param`, run through a
/// prepared statement under `plan_cache_mode`.
pub async fn explain(
    client: &Client,
    sql: &str,
    param: &Param,
    field: &'static str,
    plan_cache_mode: &str,
) -> Result<String> {
    let (at, id) = param.keyset(field)?;
    let script = format!(
        "SET plan_cache_mode = {plan_cache_mode}; DEALLOCATE ALL; \
         PREPARE bench_explain (uuid, timestamptz, uuid, bigint) AS {sql}"
    );
    client
        .batch_execute(&script)
        .await
        .map_err(BenchError::db("preparing the statement to explain"))?;
    let explain = format!(
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE bench_explain('{}', '{at}', '{id}', 51)",
        param.owner
    );
    let mut lines = Vec::new();
    // Twice: the first execution warms caches, the second is the one shown.
    for _ in 0..2 {
        lines.clear();
        for message in client
            .simple_query(&explain)
            .await
            .map_err(BenchError::db("explaining"))?
        {
            if let SimpleQueryMessage::Row(row) = message {
                lines.push(row.get(0).unwrap_or_default().to_owned());
            }
        }
    }
    client
        .batch_execute("DEALLOCATE ALL; RESET plan_cache_mode")
        .await
        .map_err(BenchError::db("cleaning up after explain"))?;
    Ok(lines.join("\n"))
}
