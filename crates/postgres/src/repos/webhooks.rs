//! `WebhookQueue` over the `inbox_webhook_*` SQL functions of `migrations/` (V6, V7): one
//! statement per call, so it works the same in session and in transaction pool mode.

use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::RepoError;
use inbox_domain::inbound::WebhookBatch;
use inbox_domain::inbound::document::{apply_document, outcome_from_json};
use inbox_domain::inbound::rules::clip;
use inbox_domain::ports::{
    ApplyOutcome, Claim, ClaimedBatch, DeliveryId, DeliveryRecord, DeliveryState, FailAction,
    WebhookQueue,
};
use serde_json::Value;
use tokio_postgres::Row;
use tokio_postgres::types::Type;

use crate::db::Pg;
use crate::rows::{RowError, get};

/// The channel on which instances announce stored deliveries to each other's webhook workers
/// (`PgBackend::announcer`, `PgBackend::listen`). Nothing in the SQL notifies: a notifying commit
/// takes a global lock, so notifications are sent apart from the enqueue, debounced.
pub const WEBHOOK_CHANNEL: &str = "inbox_webhook";

const ENQUEUE: &str = "SELECT inbox_webhook_enqueue($1) AS id";
// One statement, one commit; ids come from the identity in the order the rows are inserted.
// A single-table insert: PostgREST does the same with a bulk POST, so no SQL function.
const ENQUEUE_MANY: &str = "INSERT INTO webhook_deliveries (body) \
     SELECT t.body FROM unnest($1::bytea[]) WITH ORDINALITY AS t(body, n) ORDER BY t.n \
     RETURNING id";
const CLAIM: &str = "SELECT id, attempt, body, received_at \
     FROM inbox_webhook_claim($1, $2 * interval '1 microsecond')";
const APPLY: &str = "SELECT inbox_webhook_apply($1, $2, $3) AS outcome";
// The same function once per delivery, in the given order, in one statement: one transaction,
// one commit for the group; an error in any delivery rolls the whole group back. A group waits
// at most 250 ms for a row another transaction holds (set before the first delivery is applied,
// for this transaction only): two groups that lock shared rows in opposite orders then give up
// at once instead of after the deadlock detector's second, and the caller applies one by one.
// (`inbox_webhook_apply_many`, shared with the PostgREST adapter.)
const APPLY_MANY: &str = "SELECT outcome FROM inbox_webhook_apply_many($1, $2, $3) ORDER BY n";
const FAIL: &str = "SELECT inbox_webhook_fail($1, $2, $3, $4 * interval '1 microsecond', $5) AS ok";
const RESCUE: &str = "SELECT inbox_webhook_rescue($1) AS rescued";
const LIST: &str = "SELECT id, state, attempt, received_at, run_at, size_bytes, parked_reason, \
     last_error FROM inbox_webhook_list($1, $2, $3)";
const REQUEUE: &str = "SELECT requeued, id, state, attempt, received_at, run_at, size_bytes, \
     parked_reason, last_error FROM inbox_webhook_requeue($1)";

/// Longest error text a failed attempt keeps (`webhook_deliveries.last_error`).
const MAX_ERROR: usize = 10_000;

/// The webhook queue in PostgreSQL.
pub(crate) struct PgWebhooks {
    pg: Pg,
}

impl PgWebhooks {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

/// A duration as whole microseconds (the unit of an interval), saturating.
fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

fn record(row: &Row) -> Result<DeliveryRecord, RepoError> {
    let state: String = get(row, "state")?;
    Ok(DeliveryRecord {
        id: DeliveryId::new(get(row, "id")?),
        state: state.parse().map_err(|_| RowError::Value {
            column: "state",
            reason: "is not a delivery state".to_owned(),
        })?,
        attempt: get(row, "attempt")?,
        received_at: get(row, "received_at")?,
        run_at: get(row, "run_at")?,
        size_bytes: get(row, "size_bytes")?,
        parked_reason: get(row, "parked_reason")?,
        last_error: get(row, "last_error")?,
    })
}

#[async_trait]
impl WebhookQueue for PgWebhooks {
    async fn enqueue(&self, body: Vec<u8>) -> Result<DeliveryId, RepoError> {
        let db = self.pg.db().await?;
        let row = db.query_one(ENQUEUE, &[(&body, Type::BYTEA)]).await?;
        Ok(DeliveryId::new(get(&row, "id")?))
    }

    async fn enqueue_many(&self, bodies: &[Vec<u8>]) -> Result<Vec<DeliveryId>, RepoError> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.pg.db().await?;
        let rows = db
            .query(ENQUEUE_MANY, &[(&bodies, Type::BYTEA_ARRAY)])
            .await
            .map_err(|error| match error {
                // The body's size check: name the entity as the port documents it.
                RepoError::Invalid { reason, .. } => RepoError::Invalid {
                    entity: "delivery",
                    reason,
                },
                other => other,
            })?;
        let mut ids = rows
            .iter()
            .map(|row| get(row, "id"))
            .collect::<Result<Vec<i64>, _>>()?;
        // Identity values are handed out in insertion order, which follows `bodies`.
        ids.sort_unstable();
        Ok(ids.into_iter().map(DeliveryId::new).collect())
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<Claim>, RepoError> {
        let max = i32::try_from(max).unwrap_or(i32::MAX);
        let lease = micros(lease);
        let db = self.pg.db().await?;
        let rows = db
            .query(CLAIM, &[(&max, Type::INT4), (&lease, Type::INT8)])
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Claim {
                    id: DeliveryId::new(get(row, "id")?),
                    attempt: get(row, "attempt")?,
                    body: get(row, "body")?,
                    received_at: get(row, "received_at")?,
                })
            })
            .collect()
    }

    async fn apply(
        &self,
        id: DeliveryId,
        attempt: i32,
        batch: &WebhookBatch,
    ) -> Result<ApplyOutcome, RepoError> {
        let document = apply_document(batch);
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                APPLY,
                &[
                    (&id.get(), Type::INT8),
                    (&attempt, Type::INT4),
                    (&document, Type::JSONB),
                ],
            )
            .await?;
        let outcome: Value = get(&row, "outcome")?;
        outcome_from_json(outcome).map_err(|e| RepoError::Internal(Box::new(e)))
    }

    async fn apply_many(
        &self,
        items: &[ClaimedBatch],
    ) -> Result<Vec<Result<ApplyOutcome, RepoError>>, RepoError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = items.iter().map(|item| item.id.get()).collect();
        let attempts: Vec<i32> = items.iter().map(|item| item.attempt).collect();
        let documents: Vec<Value> = items
            .iter()
            .map(|item| apply_document(&item.batch))
            .collect();
        let db = self.pg.db().await?;
        let rows = db
            .query(
                APPLY_MANY,
                &[
                    (&ids, Type::INT8_ARRAY),
                    (&attempts, Type::INT4_ARRAY),
                    (&documents, Type::JSONB_ARRAY),
                ],
            )
            .await?;
        if rows.len() != items.len() {
            return Err(RepoError::Internal(
                format!("{} outcomes for {} deliveries", rows.len(), items.len()).into(),
            ));
        }
        Ok(rows
            .iter()
            .map(|row| {
                let outcome: Value = get(row, "outcome")?;
                outcome_from_json(outcome).map_err(|e| RepoError::Internal(Box::new(e)))
            })
            .collect())
    }

    async fn fail(
        &self,
        id: DeliveryId,
        attempt: i32,
        error: &str,
        action: FailAction,
    ) -> Result<bool, RepoError> {
        let (retry_after, reason) = match action {
            FailAction::RetryAfter(delay) => (Some(micros(delay)), None),
            FailAction::Park(reason) => (None, Some(clip(&reason, 1_000))),
        };
        let error = clip(error, MAX_ERROR);
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                FAIL,
                &[
                    (&id.get(), Type::INT8),
                    (&attempt, Type::INT4),
                    (&error, Type::TEXT),
                    (&retry_after, Type::INT8),
                    (&reason, Type::TEXT),
                ],
            )
            .await?;
        Ok(get(&row, "ok")?)
    }

    async fn rescue_expired(&self, max_attempts: i32) -> Result<u64, RepoError> {
        let db = self.pg.db().await?;
        let row = db.query_one(RESCUE, &[(&max_attempts, Type::INT4)]).await?;
        let rescued: i64 = get(&row, "rescued")?;
        Ok(u64::try_from(rescued).unwrap_or(0))
    }

    async fn list(
        &self,
        state: DeliveryState,
        before: Option<DeliveryId>,
        limit: u16,
    ) -> Result<Vec<DeliveryRecord>, RepoError> {
        let before = before.map(DeliveryId::get);
        let limit = i32::from(limit);
        let db = self.pg.db().await?;
        let rows = db
            .query(
                LIST,
                &[
                    (&state.as_str(), Type::TEXT),
                    (&before, Type::INT8),
                    (&limit, Type::INT4),
                ],
            )
            .await?;
        rows.iter().map(record).collect()
    }

    async fn requeue(&self, id: DeliveryId) -> Result<DeliveryRecord, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(REQUEUE, &[(&id.get(), Type::INT8)])
            .await?
            .ok_or(RepoError::not_found("delivery"))?;
        let requeued: bool = get(&row, "requeued")?;
        if !requeued {
            return Err(RepoError::Conflict {
                entity: "delivery",
                constraint: "only a parked delivery can be requeued".to_owned(),
            });
        }
        record(&row)
    }
}
