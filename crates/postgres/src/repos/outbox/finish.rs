//! How attempts end, and the housekeeping of the outbox: each one SQL function call.

use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{Finished, JobError, SendJobId};
use inbox_domain::{AccountId, RepoError, Wamid};
use serde_json::Value;
use tokio_postgres::types::Type;

use super::{error_json, micros};
use crate::db::Pg;
use crate::rows::get;

const DISPATCHING: &str = "SELECT inbox_outbox_dispatching($1, $2) AS ok";
const SENT: &str = "SELECT inbox_outbox_sent($1, $2, $3) AS outcome";
const FAILED: &str = "SELECT inbox_outbox_failed($1, $2, $3) AS outcome";
const RETRY_LATER: &str =
    "SELECT inbox_outbox_retry_later($1, $2, $3 * interval '1 microsecond', $4) AS ok";
const AMBIGUOUS: &str =
    "SELECT inbox_outbox_ambiguous($1, $2, $3 * interval '1 microsecond', $4) AS ok";
const EXPIRE: &str = "SELECT inbox_outbox_expire_reconciliation($1) AS moved";
const RESCUE: &str = "SELECT inbox_outbox_rescue($1 * interval '1 microsecond') AS moved";
// The pause switches of V17, which the PostgREST adapter calls too.
const PAUSE: &str = "SELECT inbox_outbox_pause($1, $2) AS ok";
const RESUME: &str = "SELECT inbox_outbox_resume($1) AS ok";
// A single-table read: PostgREST reads the table the same way.
const PAUSED: &str = "SELECT reason FROM send_pauses WHERE account_id = $1";

/// `{"applied": bool, "events": [...]}` as the domain's outcome.
pub(super) fn finished(outcome: Value) -> Result<Finished, RepoError> {
    let applied = outcome
        .get("applied")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let events = outcome
        .get("events")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let events: Vec<InboxEvent> =
        serde_json::from_value(events).map_err(|e| RepoError::Internal(Box::new(e)))?;
    Ok(Finished { applied, events })
}

async fn flag(pg: &Pg, sql: &'static str, id: SendJobId, attempt: i32) -> Result<bool, RepoError> {
    let db = pg.db().await?;
    let row = db
        .query_one(sql, &[(&id.get(), Type::INT8), (&attempt, Type::INT4)])
        .await?;
    get(&row, "ok").map_err(Into::into)
}

pub(super) async fn dispatching(pg: &Pg, id: SendJobId, attempt: i32) -> Result<bool, RepoError> {
    flag(pg, DISPATCHING, id, attempt).await
}

pub(super) async fn sent(
    pg: &Pg,
    id: SendJobId,
    attempt: i32,
    wamid: &Wamid,
) -> Result<Finished, RepoError> {
    let db = pg.db().await?;
    let row = db
        .query_one(
            SENT,
            &[
                (&id.get(), Type::INT8),
                (&attempt, Type::INT4),
                (&wamid.as_str(), Type::TEXT),
            ],
        )
        .await?;
    finished(get(&row, "outcome")?)
}

pub(super) async fn failed(
    pg: &Pg,
    id: SendJobId,
    attempt: i32,
    error: &JobError,
) -> Result<Finished, RepoError> {
    let error = error_json(error)?;
    let db = pg.db().await?;
    let row = db
        .query_one(
            FAILED,
            &[
                (&id.get(), Type::INT8),
                (&attempt, Type::INT4),
                (&error, Type::JSONB),
            ],
        )
        .await?;
    finished(get(&row, "outcome")?)
}

async fn move_with(
    pg: &Pg,
    sql: &'static str,
    id: SendJobId,
    attempt: i32,
    after: Duration,
    error: &JobError,
) -> Result<bool, RepoError> {
    let error = error_json(error)?;
    let after = micros(after);
    let db = pg.db().await?;
    let row = db
        .query_one(
            sql,
            &[
                (&id.get(), Type::INT8),
                (&attempt, Type::INT4),
                (&after, Type::INT8),
                (&error, Type::JSONB),
            ],
        )
        .await?;
    get(&row, "ok").map_err(Into::into)
}

pub(super) async fn retry_later(
    pg: &Pg,
    id: SendJobId,
    attempt: i32,
    delay: Duration,
    error: &JobError,
) -> Result<bool, RepoError> {
    move_with(pg, RETRY_LATER, id, attempt, delay, error).await
}

pub(super) async fn ambiguous(
    pg: &Pg,
    id: SendJobId,
    attempt: i32,
    window: Duration,
    error: &JobError,
) -> Result<bool, RepoError> {
    move_with(pg, AMBIGUOUS, id, attempt, window, error).await
}

fn count(moved: i64) -> u64 {
    u64::try_from(moved).unwrap_or(0)
}

pub(super) async fn expire_reconciliation(pg: &Pg, park: bool) -> Result<u64, RepoError> {
    let db = pg.db().await?;
    let row = db.query_one(EXPIRE, &[(&park, Type::BOOL)]).await?;
    Ok(count(get(&row, "moved")?))
}

pub(super) async fn rescue_expired(pg: &Pg, window: Duration) -> Result<u64, RepoError> {
    let window = micros(window);
    let db = pg.db().await?;
    let row = db.query_one(RESCUE, &[(&window, Type::INT8)]).await?;
    Ok(count(get(&row, "moved")?))
}

pub(super) async fn pause(pg: &Pg, account: AccountId, reason: &str) -> Result<bool, RepoError> {
    let reason = if reason.trim().is_empty() {
        "paused"
    } else {
        reason
    };
    let db = pg.db().await?;
    let row = db
        .query_one(
            PAUSE,
            &[(&account.as_uuid(), Type::UUID), (&reason, Type::TEXT)],
        )
        .await?;
    get(&row, "ok").map_err(Into::into)
}

pub(super) async fn resume(pg: &Pg, account: AccountId) -> Result<bool, RepoError> {
    let db = pg.db().await?;
    let row = db
        .query_one(RESUME, &[(&account.as_uuid(), Type::UUID)])
        .await?;
    get(&row, "ok").map_err(Into::into)
}

pub(super) async fn paused(pg: &Pg, account: AccountId) -> Result<Option<String>, RepoError> {
    let db = pg.db().await?;
    let row = db
        .query_opt(PAUSED, &[(&account.as_uuid(), Type::UUID)])
        .await?;
    row.map(|row| get(&row, "reason").map_err(Into::into))
        .transpose()
}
