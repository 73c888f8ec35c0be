//! `WebhookQueue` through PostgREST: the queue's SQL functions (`inbox_webhook_*`) by `/rpc/`,
//! a bulk insert for `enqueue_many`, and `inbox_webhook_apply_many` (V15) for a group — the same
//! SQL the PostgreSQL adapter runs, so claims stay safe for several processes on either backend.

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
use serde::Deserialize;
use serde_json::{Value, json};

use super::bytea;
use super::call::Rest;
use super::errors::unreadable;
use super::wire::{JsonRow, WireError};

/// Longest error text kept per failure (as the PostgreSQL adapter keeps).
const MAX_ERROR: usize = 10_000;

/// The columns of a delivery record.
const RECORD_COLUMNS: &str =
    "id,state,attempt,received_at,run_at,size_bytes,parked_reason,last_error";

/// Webhook deliveries in Supabase.
pub(crate) struct RestWebhooks {
    rest: Rest,
}

impl RestWebhooks {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }
}

/// A duration as a PostgreSQL `interval` literal, at microsecond precision.
fn interval(duration: Duration) -> String {
    let micros = i64::try_from(duration.as_micros()).unwrap_or(i64::MAX);
    format!("{micros} microseconds")
}

fn record(row: &JsonRow) -> Result<DeliveryRecord, WireError> {
    Ok(DeliveryRecord {
        id: DeliveryId::new(row.get("id")?),
        state: row.parsed::<DeliveryState>("state")?,
        attempt: row.get("attempt")?,
        received_at: row.time("received_at")?,
        run_at: row.time("run_at")?,
        size_bytes: row.get("size_bytes")?,
        parked_reason: row.get("parked_reason")?,
        last_error: row.get("last_error")?,
    })
}

fn claim(row: &JsonRow) -> Result<Claim, WireError> {
    let body = bytea::decode(row.get("body")?).ok_or_else(|| WireError {
        column: "body",
        reason: "is not hex bytea".to_owned(),
    })?;
    Ok(Claim {
        id: DeliveryId::new(row.get("id")?),
        attempt: row.get("attempt")?,
        body,
        received_at: row.time("received_at")?,
    })
}

fn outcome(value: Value) -> Result<ApplyOutcome, RepoError> {
    outcome_from_json(value).map_err(|e| RepoError::Internal(Box::new(e)))
}

/// An id row of the bulk insert.
#[derive(Deserialize)]
struct Inserted {
    id: i64,
}

/// One outcome of `inbox_webhook_apply_many`, with its position in the group.
#[derive(Deserialize)]
struct Numbered {
    n: i64,
    outcome: Value,
}

#[async_trait]
impl WebhookQueue for RestWebhooks {
    async fn enqueue(&self, body: Vec<u8>) -> Result<DeliveryId, RepoError> {
        let args = json!({"p_body": bytea::encode(&body)});
        let id: i64 = self
            .rest
            .rpc("webhooks.enqueue", "inbox_webhook_enqueue", &[], &args)
            .await?;
        Ok(DeliveryId::new(id))
    }

    async fn enqueue_many(&self, bodies: &[Vec<u8>]) -> Result<Vec<DeliveryId>, RepoError> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        // One bulk insert: one statement, one commit; identities follow the array's order.
        let rows: Vec<Value> = bodies
            .iter()
            .map(|body| json!({"body": bytea::encode(body)}))
            .collect();
        let inserted: Vec<Inserted> = self
            .rest
            .insert_many("webhooks.enqueue_many", "webhook_deliveries", "id", &rows)
            .await
            .map_err(|error| match error {
                // The body's size check: name the entity as the port documents it.
                RepoError::Invalid { reason, .. } => RepoError::Invalid {
                    entity: "delivery",
                    reason,
                },
                other => other,
            })?;
        let mut ids: Vec<i64> = inserted.into_iter().map(|row| row.id).collect();
        ids.sort_unstable();
        Ok(ids.into_iter().map(DeliveryId::new).collect())
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<Claim>, RepoError> {
        let args = json!({
            "p_max": i32::try_from(max).unwrap_or(i32::MAX),
            "p_lease": interval(lease),
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc("webhooks.claim", "inbox_webhook_claim", &[], &args)
            .await?;
        Ok(rows.iter().map(claim).collect::<Result<_, _>>()?)
    }

    async fn apply(
        &self,
        id: DeliveryId,
        attempt: i32,
        batch: &WebhookBatch,
    ) -> Result<ApplyOutcome, RepoError> {
        let args = json!({
            "p_id": id.get(),
            "p_attempt": attempt,
            "p_batch": apply_document(batch),
        });
        let value: Value = self
            .rest
            .rpc("webhooks.apply", "inbox_webhook_apply", &[], &args)
            .await?;
        outcome(value)
    }

    async fn apply_many(
        &self,
        items: &[ClaimedBatch],
    ) -> Result<Vec<Result<ApplyOutcome, RepoError>>, RepoError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let args = json!({
            "p_ids": items.iter().map(|item| item.id.get()).collect::<Vec<_>>(),
            "p_attempts": items.iter().map(|item| item.attempt).collect::<Vec<_>>(),
            "p_batches": items.iter().map(|item| apply_document(&item.batch)).collect::<Vec<_>>(),
        });
        let query = [("order", "n.asc")];
        let rows: Vec<Numbered> = self
            .rest
            .rpc(
                "webhooks.apply_many",
                "inbox_webhook_apply_many",
                &query,
                &args,
            )
            .await?;
        let in_order = rows
            .iter()
            .enumerate()
            .all(|(index, row)| usize::try_from(row.n).is_ok_and(|n| n == index + 1));
        if rows.len() != items.len() || !in_order {
            return Err(unreadable(
                "webhooks.apply_many",
                format!("{} outcomes for {} deliveries", rows.len(), items.len()),
            ));
        }
        Ok(rows.into_iter().map(|row| outcome(row.outcome)).collect())
    }

    async fn fail(
        &self,
        id: DeliveryId,
        attempt: i32,
        error: &str,
        action: FailAction,
    ) -> Result<bool, RepoError> {
        let (retry_after, reason) = match action {
            FailAction::RetryAfter(delay) => (Some(interval(delay)), None),
            FailAction::Park(reason) => (None, Some(clip(&reason, 1_000))),
        };
        let args = json!({
            "p_id": id.get(),
            "p_attempt": attempt,
            "p_error": clip(error, MAX_ERROR),
            "p_retry_after": retry_after,
            "p_park_reason": reason,
        });
        self.rest
            .rpc("webhooks.fail", "inbox_webhook_fail", &[], &args)
            .await
    }

    async fn rescue_expired(&self, max_attempts: i32) -> Result<u64, RepoError> {
        let args = json!({"p_max_attempts": max_attempts});
        let rescued: i64 = self
            .rest
            .rpc(
                "webhooks.rescue_expired",
                "inbox_webhook_rescue",
                &[],
                &args,
            )
            .await?;
        Ok(u64::try_from(rescued).unwrap_or(0))
    }

    async fn list(
        &self,
        state: DeliveryState,
        before: Option<DeliveryId>,
        limit: u16,
    ) -> Result<Vec<DeliveryRecord>, RepoError> {
        let args = json!({
            "p_state": state.as_str(),
            "p_before": before.map(DeliveryId::get),
            "p_limit": i32::from(limit),
        });
        let query = [("select", RECORD_COLUMNS)];
        let rows: Vec<JsonRow> = self
            .rest
            .rpc("webhooks.list", "inbox_webhook_list", &query, &args)
            .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    async fn requeue(&self, id: DeliveryId) -> Result<DeliveryRecord, RepoError> {
        let args = json!({"p_id": id.get()});
        let rows: Vec<JsonRow> = self
            .rest
            .rpc("webhooks.requeue", "inbox_webhook_requeue", &[], &args)
            .await?;
        let row = rows.first().ok_or(RepoError::not_found("delivery"))?;
        if !row.get::<bool>("requeued")? {
            return Err(RepoError::Conflict {
                entity: "delivery",
                constraint: "only a parked delivery can be requeued".to_owned(),
            });
        }
        Ok(record(row)?)
    }
}
