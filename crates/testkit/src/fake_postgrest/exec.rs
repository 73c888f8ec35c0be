//! Runs one plan in one transaction, as PostgREST runs each request.

use tokio_postgres::types::{ToSql, Type};

use super::error::ApiError;
use super::plan::Plan;
use super::shared::Shared;

/// What a statement answered.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The JSON text (an array, or a scalar for scalar functions); `None` for `void`.
    pub(crate) body: Option<String>,
    /// Rows returned (or affected).
    pub(crate) rows: i64,
    /// Rows that an upsert inserted rather than updated.
    pub(crate) inserted: i64,
    /// The total with `Prefer: count=exact`.
    pub(crate) total: Option<i64>,
}

/// Runs `plan` in a transaction (read-only for `GET`), with the caller's claims set as
/// PostgREST sets them. With `single`, anything but one row is `PGRST116` and rolls back.
pub(crate) async fn run(
    shared: &Shared,
    plan: &Plan,
    read_only: bool,
    single: bool,
    claims: &str,
) -> Result<Outcome, ApiError> {
    let mut client = shared.client().await?;
    let outcome = run_on(&mut client, plan, read_only, single, claims).await;
    shared.release(client);
    outcome
}

async fn run_on(
    client: &mut tokio_postgres::Client,
    plan: &Plan,
    read_only: bool,
    single: bool,
    claims: &str,
) -> Result<Outcome, ApiError> {
    let db = |e: tokio_postgres::Error| ApiError::from_db(&e);
    let tx = client
        .build_transaction()
        .read_only(read_only)
        .start()
        .await
        .map_err(db)?;
    tx.query_typed(
        // Supabase's databases run in UTC, whatever the test cluster's default.
        "SELECT set_config('request.jwt.claims', $1, true), set_config('TimeZone', 'UTC', true)",
        &[(&claims, Type::TEXT)],
    )
    .await
    .map_err(db)?;
    let params: Vec<(&(dyn ToSql + Sync), Type)> = plan
        .sql
        .params
        .iter()
        .map(|value| (value as &(dyn ToSql + Sync), Type::TEXT))
        .collect();
    let row = tx
        .query_typed(&plan.sql.text, &params)
        .await
        .map_err(db)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(500, "PGRST000", "the statement returned no row"))?;
    let outcome = Outcome {
        body: row.try_get(0).map_err(db)?,
        rows: row.try_get(1).map_err(db)?,
        inserted: row.try_get(2).map_err(db)?,
        total: row.try_get(3).map_err(db)?,
    };
    if single && outcome.rows != 1 {
        tx.rollback().await.map_err(db)?;
        return Err(ApiError::not_single(outcome.rows));
    }
    tx.commit().await.map_err(db)?;
    Ok(outcome)
}
