//! `Outbox` over the `inbox_outbox_*` SQL functions of `migrations/V13__outbox.sql`: one
//! statement per call, so it works the same in session and in transaction pool mode.

mod batch;
mod finish;
mod rows;

use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::ports::Outbox;
use inbox_domain::{
    AccountId, MessageId, RepoError, Wamid,
    events::InboxEvent,
    outbox::{
        Finished, JobError, NewSend, Recorded, SendContent, SendJob, SendJobId, SendJobRecord,
    },
};
use serde_json::Value;
use tokio_postgres::types::Type;

use crate::db::Pg;
use crate::rows::{MESSAGE, get};

/// `inbox_outbox_record` with the message read in the same call (V19).
const RECORD: &str = "SELECT outcome, job_id, (message).* \
     FROM inbox_outbox_record_message($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const QUEUE_REACTION: &str = "SELECT inbox_outbox_queue_reaction($1, $2) AS job_id";
const CLAIM: &str = "SELECT id, attempt, account_id, conversation_id, message_id, action, \
     request, to_wa_id, reply_to_wamid, wamid \
     FROM inbox_outbox_claim($1, $2 * interval '1 microsecond')";
/// `inbox_outbox_retry_message` with the message read in the same call (V19).
const RETRY_MESSAGE: &str = "SELECT outcome, job_id, (message).* \
     FROM inbox_outbox_retry_message_returning($1)";
// A single-table read, so no SQL function (PostgREST reads the table the same way).
const JOBS: &str = "SELECT id, account_id, message_id, action, state, attempt, run_at, \
     reconcile_until, last_error FROM send_jobs WHERE message_id = $1 ORDER BY id";

/// The outbox in PostgreSQL.
pub(crate) struct PgOutbox {
    pg: Pg,
}

impl PgOutbox {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

/// A duration as whole microseconds (the unit of an interval), saturating.
pub(super) fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// A failed serialisation of our own types (which always serialise) as an internal error.
pub(super) fn internal(error: serde_json::Error) -> RepoError {
    RepoError::Internal(Box::new(error))
}

/// A job error as stored in `send_jobs.last_error`.
pub(super) fn error_json(error: &JobError) -> Result<Value, RepoError> {
    serde_json::to_value(error).map_err(internal)
}

fn conflict(entity: &'static str, constraint: &str) -> RepoError {
    RepoError::Conflict {
        entity,
        constraint: constraint.to_owned(),
    }
}

#[async_trait]
impl Outbox for PgOutbox {
    async fn record(&self, send: &NewSend) -> Result<Recorded, RepoError> {
        if matches!(send.request.content, SendContent::Reaction { .. }) {
            return Err(RepoError::Invalid {
                entity: "send",
                reason: "a reaction is queued with queue_reaction".to_owned(),
            });
        }
        let request = serde_json::to_value(&send.request).map_err(internal)?;
        let media = send
            .request
            .media()
            .map(serde_json::to_value)
            .transpose()
            .map_err(internal)?;
        let kind = send.request.kind().as_str();
        let body = send.request.body();
        let reply_to = send.request.reply_to.map(|id| id.as_uuid());
        let key = send.idempotency_key.as_ref().map(|k| k.as_str());
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                RECORD,
                &[
                    (&send.message_id.as_uuid(), Type::UUID),
                    (&send.conversation_id.as_uuid(), Type::UUID),
                    (&kind, Type::TEXT),
                    (&body, Type::TEXT),
                    (&media, Type::JSONB),
                    (&request, Type::JSONB),
                    (&reply_to, Type::UUID),
                    (&key, Type::TEXT),
                    (&send.sent_at, Type::TIMESTAMPTZ),
                ],
            )
            .await?;
        let outcome: String = get(&row, "outcome")?;
        let repeated = match outcome.as_str() {
            "created" => false,
            "repeated" => true,
            "conflict" => return Err(conflict("send", "idempotency_key")),
            "no_conversation" => return Err(RepoError::not_found("conversation")),
            "no_reply_target" => return Err(RepoError::not_found("message")),
            other => {
                return Err(RepoError::Internal(
                    format!("unexpected record outcome {other}").into(),
                ));
            }
        };
        let message = crate::rows::message(&row, &MESSAGE)?;
        let message_id = message.id;
        let events = if repeated {
            Vec::new()
        } else {
            vec![InboxEvent::MessageCreated {
                account_id: message.account_id,
                conversation_id: send.conversation_id,
                message_id,
            }]
        };
        Ok(Recorded {
            message_id,
            message,
            job_id: SendJobId::new(get(&row, "job_id")?),
            repeated,
            events,
        })
    }

    async fn queue_reaction(
        &self,
        message: MessageId,
        emoji: Option<String>,
    ) -> Result<SendJobId, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                QUEUE_REACTION,
                &[(&message.as_uuid(), Type::UUID), (&emoji, Type::TEXT)],
            )
            .await?;
        let job: Option<i64> = get(&row, "job_id")?;
        job.map(SendJobId::new)
            .ok_or_else(|| RepoError::not_found("message"))
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<SendJob>, RepoError> {
        let max = i32::try_from(max).unwrap_or(i32::MAX);
        let lease = micros(lease);
        let db = self.pg.db().await?;
        let rows = db
            .query(CLAIM, &[(&max, Type::INT4), (&lease, Type::INT8)])
            .await?;
        rows.iter().map(rows::job).collect()
    }

    async fn dispatching(&self, id: SendJobId, attempt: i32) -> Result<bool, RepoError> {
        finish::dispatching(&self.pg, id, attempt).await
    }

    async fn sent(
        &self,
        id: SendJobId,
        attempt: i32,
        wamid: &Wamid,
    ) -> Result<Finished, RepoError> {
        finish::sent(&self.pg, id, attempt, wamid).await
    }

    async fn failed(
        &self,
        id: SendJobId,
        attempt: i32,
        error: &JobError,
    ) -> Result<Finished, RepoError> {
        finish::failed(&self.pg, id, attempt, error).await
    }

    async fn retry_later(
        &self,
        id: SendJobId,
        attempt: i32,
        delay: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        finish::retry_later(&self.pg, id, attempt, delay, error).await
    }

    async fn ambiguous(
        &self,
        id: SendJobId,
        attempt: i32,
        window: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        finish::ambiguous(&self.pg, id, attempt, window, error).await
    }

    async fn dispatching_many(
        &self,
        attempts: &[(SendJobId, i32)],
    ) -> Result<Vec<bool>, RepoError> {
        batch::dispatching_many(&self.pg, attempts).await
    }

    async fn finish_many(
        &self,
        outcomes: &[inbox_domain::outbox::AttemptOutcome],
    ) -> Result<Vec<Finished>, RepoError> {
        batch::finish_many(&self.pg, outcomes).await
    }

    async fn expire_reconciliation(&self, park: bool) -> Result<u64, RepoError> {
        finish::expire_reconciliation(&self.pg, park).await
    }

    async fn rescue_expired(&self, window: Duration) -> Result<u64, RepoError> {
        finish::rescue_expired(&self.pg, window).await
    }

    async fn pause_account(&self, account: AccountId, reason: &str) -> Result<bool, RepoError> {
        finish::pause(&self.pg, account, reason).await
    }

    async fn resume_account(&self, account: AccountId) -> Result<bool, RepoError> {
        finish::resume(&self.pg, account).await
    }

    async fn paused(&self, account: AccountId) -> Result<Option<String>, RepoError> {
        finish::paused(&self.pg, account).await
    }

    async fn retry_message(&self, message: MessageId) -> Result<Recorded, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(RETRY_MESSAGE, &[(&message.as_uuid(), Type::UUID)])
            .await?;
        let outcome: String = get(&row, "outcome")?;
        match outcome.as_str() {
            "created" => {}
            "not_found" => return Err(RepoError::not_found("message")),
            "not_failed" => return Err(conflict("message", "not_failed")),
            other => {
                return Err(RepoError::Internal(
                    format!("unexpected retry outcome {other}").into(),
                ));
            }
        }
        let stored = crate::rows::message(&row, &MESSAGE)?;
        Ok(Recorded {
            message_id: message,
            job_id: SendJobId::new(get(&row, "job_id")?),
            repeated: false,
            events: vec![InboxEvent::MessageStatusChanged {
                account_id: stored.account_id,
                conversation_id: stored.conversation_id,
                message_id: message,
                status: inbox_domain::MessageStatus::Pending,
            }],
            message: stored,
        })
    }

    async fn jobs(&self, message: MessageId) -> Result<Vec<SendJobRecord>, RepoError> {
        let db = self.pg.db().await?;
        let rows = db.query(JOBS, &[(&message.as_uuid(), Type::UUID)]).await?;
        rows.iter().map(rows::record).collect()
    }
}
