//! Send jobs: what is queued, what a worker claims, and how an attempt ended.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::OffsetDateTime;

use super::request::SendRequest;
use crate::error::ValidationError;
use crate::events::InboxEvent;
use crate::ids::{AccountId, ConversationId, MessageId};
use crate::message::Message;
use crate::outbound::{ErrorClass, GatewayError};
use crate::phone::WaId;
use crate::wamid::Wamid;

/// Identifies one send job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SendJobId(i64);

impl SendJobId {
    /// Wraps a stored id.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The number.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for SendJobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a job asks Meta for (`send_jobs.action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendAction {
    /// Send the job's message.
    Message,
    /// Set or remove our reaction on the job's message.
    Reaction,
    /// Mark the job's (inbound) message as read.
    MarkRead,
}

impl SendAction {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Reaction => "reaction",
            Self::MarkRead => "mark_read",
        }
    }
}

impl FromStr for SendAction {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Message, Self::Reaction, Self::MarkRead]
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ValidationError::new("action", "must be message, reaction or mark_read"))
    }
}

/// Where a job is in its life (`send_jobs.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendJobState {
    /// Waiting for its first attempt.
    Queued,
    /// Claimed by a worker whose lease has not expired.
    Running,
    /// Waiting for its next attempt (Meta refused it for now, or its account is paused).
    Retry,
    /// Meta may have accepted it; waiting for a status webhook until `reconcile_until`.
    Unknown,
    /// Meta accepted it.
    Done,
    /// Meta refused it for good.
    Failed,
    /// Given up on; waits for a person.
    Parked,
    /// Replaced by a newer job before it ran.
    Cancelled,
}

impl SendJobState {
    const ALL: [Self; 8] = [
        Self::Queued,
        Self::Running,
        Self::Retry,
        Self::Unknown,
        Self::Done,
        Self::Failed,
        Self::Parked,
        Self::Cancelled,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Retry => "retry",
            Self::Unknown => "unknown",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Parked => "parked",
            Self::Cancelled => "cancelled",
        }
    }
}

impl FromStr for SendJobState {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| ValidationError::new("state", "is not a send job state"))
    }
}

/// The client's `Idempotency-Key`: 1 to 255 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks the key.
    ///
    /// # Errors
    /// A [`ValidationError`] on `Idempotency-Key` when empty, longer than 255 or not visible ASCII.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let ok = (1..=255).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            ))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A message to record as `pending` with its send job.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSend {
    /// The new message's id (also its `biz_opaque_callback_data`).
    pub message_id: MessageId,
    /// The thread; the account is the conversation's.
    pub conversation_id: ConversationId,
    /// What to send (checked with [`SendRequest::validate`]); not a reaction.
    pub request: SendRequest,
    /// The client's key: a repeat with the same key and request returns the first result.
    pub idempotency_key: Option<IdempotencyKey>,
    /// The message's time.
    pub sent_at: OffsetDateTime,
}

/// What [`crate::ports::Outbox::record`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The message (the first one, for a repeat).
    pub message_id: MessageId,
    /// The message as the change left it, read in the same step: `pending` when just stored;
    /// the first message as it is now for a repeat (a worker may have sent it since).
    pub message: Message,
    /// Its job.
    pub job_id: SendJobId,
    /// True when the idempotency key was seen before and nothing new was stored.
    pub repeated: bool,
    /// What changed, to publish (`MessageCreated`, none for a repeat).
    pub events: Vec<InboxEvent>,
}

/// A claimed job: everything a worker needs to call Meta, and the fencing token.
#[derive(Debug, Clone, PartialEq)]
pub struct SendJob {
    /// The job.
    pub id: SendJobId,
    /// The attempt number; only this attempt may finish the job.
    pub attempt: i32,
    /// The business number that sends.
    pub account_id: AccountId,
    /// The thread.
    pub conversation_id: ConversationId,
    /// The message sent, reacted to or marked read.
    pub message_id: MessageId,
    /// What to ask Meta for.
    pub action: SendAction,
    /// The stored request (`None` for `mark_read`).
    pub request: Option<SendRequest>,
    /// The customer's WhatsApp id; `None` for a contact known only by business-scoped id.
    pub to: Option<WaId>,
    /// The wamid of the message this one replies to.
    pub reply_to_wamid: Option<Wamid>,
    /// The wamid of the job's message (the reaction's target, the message to mark read).
    pub wamid: Option<Wamid>,
}

/// Why an attempt did not end in `done`, as `send_jobs.last_error` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobError {
    /// The error class label (`retryable`, `ambiguous`, ...) or `internal` for ours.
    pub class: String,
    /// Meta's error code, when Meta gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// Meta's message, or what went wrong on our side.
    pub title: String,
    /// Meta's explanation for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

impl JobError {
    /// An error of ours (bad stored request, contact without a WhatsApp id...).
    pub fn internal(title: impl Into<String>) -> Self {
        Self {
            class: "internal".to_owned(),
            code: None,
            title: title.into(),
            details: None,
        }
    }
}

impl From<&GatewayError> for JobError {
    fn from(error: &GatewayError) -> Self {
        let failure = error.failure();
        Self {
            class: error.class().label().to_owned(),
            code: failure.code,
            title: failure.title.clone(),
            details: failure.details.clone(),
        }
    }
}

impl JobError {
    /// Whether the error is of `class`.
    pub fn is(&self, class: ErrorClass) -> bool {
        self.class == class.label()
    }
}

/// What finishing an attempt did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finished {
    /// False when the attempt no longer held the lease: nothing changed.
    pub applied: bool,
    /// What changed, to publish.
    pub events: Vec<InboxEvent>,
}

/// A job as an operator (and a test) sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SendJobRecord {
    /// The job.
    pub id: SendJobId,
    /// The business number.
    pub account_id: AccountId,
    /// Its message.
    pub message_id: MessageId,
    /// What it asks Meta for.
    pub action: SendAction,
    /// Its state.
    pub state: SendJobState,
    /// Attempts so far.
    pub attempt: i32,
    /// When it may next run.
    pub run_at: OffsetDateTime,
    /// Until when an `unknown` job waits for its status webhook.
    pub reconcile_until: Option<OffsetDateTime>,
    /// The last error.
    pub last_error: Option<JobError>,
}
