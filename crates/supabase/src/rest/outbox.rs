//! `Outbox` through PostgREST: the `inbox_outbox_*` SQL functions of V13 (the pause switches of
//! V17, the record and retry of V19 that answer the message) by `/rpc/`, and plain reads of
//! `send_pauses` and `send_jobs` — the same SQL the PostgreSQL adapter runs, one request per
//! call. Every writing function is `VOLATILE`, so PostgREST runs it read-write, each request in
//! its own transaction: a claim's `FOR UPDATE SKIP LOCKED` holds until its update commits, safe
//! for several processes.

use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{
    Finished, JobError, NewSend, Recorded, SendContent, SendJob, SendJobId, SendJobRecord,
};
use inbox_domain::ports::Outbox;
use inbox_domain::{AccountId, Message, MessageId, MessageStatus, RepoError, Wamid};
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::Rest;
use super::errors::unreadable;
use super::wire::{
    CLAIM_COLUMNS, JOB_RECORD_COLUMNS, JsonRow, MESSAGE, all, claimed_job, job_record, message,
    timestamp,
};

/// The outbox in Supabase.
pub(crate) struct RestOutbox {
    rest: Rest,
}

impl RestOutbox {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    /// A `(id, attempt, …)` function answering whether the attempt held its lease.
    async fn flag(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<bool, RepoError> {
        self.rest.rpc(operation, function, &[], args).await
    }

    /// A function answering `{"applied": bool, "events": [...]}`.
    async fn finish(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<Finished, RepoError> {
        let outcome: FinishOutcome = self.rest.rpc(operation, function, &[], args).await?;
        Ok(Finished {
            applied: outcome.applied,
            events: outcome.events,
        })
    }

    /// A housekeeping function answering how many jobs it moved.
    async fn count(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<u64, RepoError> {
        let moved: i64 = self.rest.rpc(operation, function, &[], args).await?;
        Ok(u64::try_from(moved).unwrap_or(0))
    }
}

/// A duration as a PostgreSQL `interval` literal, at microsecond precision.
fn interval(duration: Duration) -> String {
    let micros = i64::try_from(duration.as_micros()).unwrap_or(i64::MAX);
    format!("{micros} microseconds")
}

/// A value of ours (which always serialises) as JSON.
fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, RepoError> {
    serde_json::to_value(value).map_err(|e| RepoError::Internal(Box::new(e)))
}

fn conflict(entity: &'static str, constraint: &str) -> RepoError {
    RepoError::Conflict {
        entity,
        constraint: constraint.to_owned(),
    }
}

/// What `inbox_outbox_sent` and `inbox_outbox_failed` answer.
#[derive(Deserialize)]
struct FinishOutcome {
    applied: bool,
    #[serde(default)]
    events: Vec<InboxEvent>,
}

/// The row of `inbox_outbox_record_message` and `inbox_outbox_retry_message_returning` (V19):
/// the outcome, the job and the message as `inbox_messages` shows it.
#[derive(Deserialize)]
struct RecordRow {
    outcome: String,
    job_id: Option<i64>,
    message: Option<JsonRow>,
}

/// The message of a row whose outcome promises one, else a broken schema.
fn recorded_message(operation: &'static str, row: Option<JsonRow>) -> Result<Message, RepoError> {
    let stored = present(operation, row)?;
    Ok(message(&stored, &MESSAGE)?)
}

/// A pause's reason.
#[derive(Deserialize)]
struct PauseRow {
    reason: String,
}

/// The only row of a one-row function, else a broken schema.
fn only<T>(operation: &'static str, rows: Vec<T>) -> Result<T, RepoError> {
    rows.into_iter()
        .next()
        .ok_or_else(|| unreadable(operation, "the function returned no row"))
}

/// A column the outcome promises, else a broken schema.
fn present<T>(operation: &'static str, value: Option<T>) -> Result<T, RepoError> {
    value.ok_or_else(|| unreadable(operation, "a created outcome without its ids"))
}

#[async_trait]
impl Outbox for RestOutbox {
    async fn record(&self, send: &NewSend) -> Result<Recorded, RepoError> {
        const OP: &str = "outbox.record";
        if matches!(send.request.content, SendContent::Reaction { .. }) {
            return Err(RepoError::Invalid {
                entity: "send",
                reason: "a reaction is queued with queue_reaction".to_owned(),
            });
        }
        let media = send.request.media().map(|m| to_json(&m)).transpose()?;
        let args = json!({
            "p_message_id": send.message_id.as_uuid(),
            "p_conversation_id": send.conversation_id.as_uuid(),
            "p_kind": send.request.kind().as_str(),
            "p_body": send.request.body(),
            "p_media": media,
            "p_request": to_json(&send.request)?,
            "p_reply_to": send.request.reply_to.map(|id| id.as_uuid()),
            "p_key": send.idempotency_key.as_ref().map(|k| k.as_str()),
            "p_sent_at": timestamp(send.sent_at)?,
        });
        let rows: Vec<RecordRow> = self
            .rest
            .rpc(OP, "inbox_outbox_record_message", &[], &args)
            .await?;
        let row = only(OP, rows)?;
        let repeated = match row.outcome.as_str() {
            "created" => false,
            "repeated" => true,
            "conflict" => return Err(conflict("send", "idempotency_key")),
            "no_conversation" => return Err(RepoError::not_found("conversation")),
            "no_reply_target" => return Err(RepoError::not_found("message")),
            _ => return Err(unreadable(OP, "an unknown record outcome")),
        };
        let stored = recorded_message(OP, row.message)?;
        let message_id = stored.id;
        let events = if repeated {
            Vec::new()
        } else {
            vec![InboxEvent::MessageCreated {
                account_id: stored.account_id,
                conversation_id: send.conversation_id,
                message_id,
            }]
        };
        Ok(Recorded {
            message_id,
            message: stored,
            job_id: SendJobId::new(present(OP, row.job_id)?),
            repeated,
            events,
        })
    }

    async fn queue_reaction(
        &self,
        message: MessageId,
        emoji: Option<String>,
    ) -> Result<SendJobId, RepoError> {
        let args = json!({"p_message": message.as_uuid(), "p_emoji": emoji});
        let job: Option<i64> = self
            .rest
            .rpc(
                "outbox.queue_reaction",
                "inbox_outbox_queue_reaction",
                &[],
                &args,
            )
            .await?;
        job.map(SendJobId::new)
            .ok_or_else(|| RepoError::not_found("message"))
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<SendJob>, RepoError> {
        let max = i32::try_from(max).unwrap_or(i32::MAX);
        let args = json!({"p_max": max, "p_lease": interval(lease)});
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "outbox.claim",
                "inbox_outbox_claim",
                &[("select", CLAIM_COLUMNS)],
                &args,
            )
            .await?;
        all(rows, |row| claimed_job(&row))
    }

    async fn dispatching(&self, id: SendJobId, attempt: i32) -> Result<bool, RepoError> {
        let args = json!({"p_id": id.get(), "p_attempt": attempt});
        self.flag("outbox.dispatching", "inbox_outbox_dispatching", &args)
            .await
    }

    async fn sent(
        &self,
        id: SendJobId,
        attempt: i32,
        wamid: &Wamid,
    ) -> Result<Finished, RepoError> {
        let args = json!({"p_id": id.get(), "p_attempt": attempt, "p_wamid": wamid.as_str()});
        self.finish("outbox.sent", "inbox_outbox_sent", &args).await
    }

    async fn failed(
        &self,
        id: SendJobId,
        attempt: i32,
        error: &JobError,
    ) -> Result<Finished, RepoError> {
        let args = json!({"p_id": id.get(), "p_attempt": attempt, "p_error": to_json(error)?});
        self.finish("outbox.failed", "inbox_outbox_failed", &args)
            .await
    }

    async fn retry_later(
        &self,
        id: SendJobId,
        attempt: i32,
        delay: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        let args = json!({
            "p_id": id.get(),
            "p_attempt": attempt,
            "p_delay": interval(delay),
            "p_error": to_json(error)?,
        });
        self.flag("outbox.retry_later", "inbox_outbox_retry_later", &args)
            .await
    }

    async fn ambiguous(
        &self,
        id: SendJobId,
        attempt: i32,
        window: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        let args = json!({
            "p_id": id.get(),
            "p_attempt": attempt,
            "p_window": interval(window),
            "p_error": to_json(error)?,
        });
        self.flag("outbox.ambiguous", "inbox_outbox_ambiguous", &args)
            .await
    }

    async fn dispatching_many(
        &self,
        attempts: &[(SendJobId, i32)],
    ) -> Result<Vec<bool>, RepoError> {
        super::outbox_batch::dispatching_many(&self.rest, attempts).await
    }

    async fn finish_many(
        &self,
        outcomes: &[inbox_domain::outbox::AttemptOutcome],
    ) -> Result<Vec<Finished>, RepoError> {
        super::outbox_batch::finish_many(&self.rest, outcomes).await
    }

    async fn expire_reconciliation(&self, park: bool) -> Result<u64, RepoError> {
        let args = json!({"p_park": park});
        self.count(
            "outbox.expire_reconciliation",
            "inbox_outbox_expire_reconciliation",
            &args,
        )
        .await
    }

    async fn rescue_expired(&self, window: Duration) -> Result<u64, RepoError> {
        let args = json!({"p_window": interval(window)});
        self.count("outbox.rescue_expired", "inbox_outbox_rescue", &args)
            .await
    }

    async fn pause_account(&self, account: AccountId, reason: &str) -> Result<bool, RepoError> {
        // The column needs a reason; an empty one says no more than "paused".
        let reason = if reason.trim().is_empty() {
            "paused"
        } else {
            reason
        };
        let args = json!({"p_account": account.as_uuid(), "p_reason": reason});
        self.rest
            .rpc("outbox.pause_account", "inbox_outbox_pause", &[], &args)
            .await
    }

    async fn resume_account(&self, account: AccountId) -> Result<bool, RepoError> {
        let args = json!({"p_account": account.as_uuid()});
        self.rest
            .rpc("outbox.resume_account", "inbox_outbox_resume", &[], &args)
            .await
    }

    async fn paused(&self, account: AccountId) -> Result<Option<String>, RepoError> {
        let query = [
            ("select", "reason".to_owned()),
            ("account_id", format!("eq.{}", account.as_uuid())),
        ];
        let rows: Vec<PauseRow> = self
            .rest
            .select("outbox.paused", "send_pauses", &query)
            .await?;
        Ok(rows.into_iter().next().map(|row| row.reason))
    }

    async fn retry_message(&self, message: MessageId) -> Result<Recorded, RepoError> {
        const OP: &str = "outbox.retry_message";
        let args = json!({"p_message": message.as_uuid()});
        let rows: Vec<RecordRow> = self
            .rest
            .rpc(OP, "inbox_outbox_retry_message_returning", &[], &args)
            .await?;
        let row = only(OP, rows)?;
        match row.outcome.as_str() {
            "created" => {}
            "not_found" => return Err(RepoError::not_found("message")),
            "not_failed" => return Err(conflict("message", "not_failed")),
            _ => return Err(unreadable(OP, "an unknown retry outcome")),
        }
        let stored = recorded_message(OP, row.message)?;
        Ok(Recorded {
            message_id: message,
            job_id: SendJobId::new(present(OP, row.job_id)?),
            repeated: false,
            events: vec![InboxEvent::MessageStatusChanged {
                account_id: stored.account_id,
                conversation_id: stored.conversation_id,
                message_id: message,
                status: MessageStatus::Pending,
            }],
            message: stored,
        })
    }

    async fn jobs(&self, message: MessageId) -> Result<Vec<SendJobRecord>, RepoError> {
        let query = [
            ("select", JOB_RECORD_COLUMNS.to_owned()),
            ("message_id", format!("eq.{}", message.as_uuid())),
            ("order", "id".to_owned()),
        ];
        let rows: Vec<JsonRow> = self.rest.select("outbox.jobs", "send_jobs", &query).await?;
        all(rows, |row| job_record(&row))
    }
}
