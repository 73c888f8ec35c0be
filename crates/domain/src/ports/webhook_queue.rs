//! The durable queue of raw webhook deliveries: accepted in one insert, applied by workers.

use async_trait::async_trait;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use time::OffsetDateTime;

use crate::error::{RepoError, ValidationError};
use crate::events::InboxEvent;
use crate::ids::AccountId;
use crate::inbound::WebhookBatch;
use crate::phone::PhoneNumberId;
use crate::wamid::Wamid;

/// Identifies one stored delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct DeliveryId(i64);

impl DeliveryId {
    /// Wraps a stored id.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The number.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for DeliveryId {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Self(id)),
            _ => Err(ValidationError::new(
                "id",
                "must be a positive delivery number",
            )),
        }
    }
}

/// Where a delivery is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first attempt.
    Queued,
    /// Claimed by a worker whose lease has not expired.
    Running,
    /// Failed before; waiting for its next attempt.
    Retry,
    /// Applied.
    Done,
    /// Given up on; waits for a person.
    Parked,
}

impl DeliveryState {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Retry => "retry",
            Self::Done => "done",
            Self::Parked => "parked",
        }
    }
}

impl FromStr for DeliveryState {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::Queued,
            Self::Running,
            Self::Retry,
            Self::Done,
            Self::Parked,
        ]
        .into_iter()
        .find(|state| state.as_str() == s)
        .ok_or_else(|| {
            ValidationError::new(
                "state",
                "must be one of queued, running, retry, done, parked",
            )
        })
    }
}

/// A claimed delivery: the raw body and the fencing token of this attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The delivery.
    pub id: DeliveryId,
    /// The attempt number; only the holder of the current attempt may finish it.
    pub attempt: i32,
    /// The body exactly as Meta sent it.
    pub body: Vec<u8>,
    /// When we accepted it.
    pub received_at: OffsetDateTime,
}

/// One claimed delivery to apply, parsed: what [`WebhookQueue::apply_many`] takes per item.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedBatch {
    /// The delivery.
    pub id: DeliveryId,
    /// The attempt that holds its lease.
    pub attempt: i32,
    /// Its parsed content.
    pub batch: WebhookBatch,
}

/// A delivery as an operator sees it (the body is not included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// The delivery.
    pub id: DeliveryId,
    /// Its state.
    pub state: DeliveryState,
    /// Attempts so far.
    pub attempt: i32,
    /// When we accepted it.
    pub received_at: OffsetDateTime,
    /// When it may next be attempted.
    pub run_at: OffsetDateTime,
    /// Size of the raw body.
    pub size_bytes: i64,
    /// Why it was parked.
    pub parked_reason: Option<String>,
    /// The last error, for retried and parked deliveries.
    pub last_error: Option<String>,
}

/// What to do with an attempt that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailAction {
    /// Try again after this delay.
    RetryAfter(Duration),
    /// Stop trying; keep it for a person with this short reason ("unknown account", ...).
    Park(String),
}

/// What applying a delivery did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApplyOutcome {
    /// False when the lease was lost (another attempt owns the delivery): nothing was applied.
    pub applied: bool,
    /// What changed, to publish.
    pub events: Vec<InboxEvent>,
    /// Business numbers in the delivery that match no account; their changes were not applied.
    pub unknown_numbers: Vec<PhoneNumberId>,
    /// Inbound messages with neither `from` nor `from_user_id`: they belong to no contact, so
    /// they were not stored (the raw delivery keeps them).
    pub senderless: Vec<Wamid>,
    /// Accounts the delivery touched.
    pub accounts: Vec<AccountId>,
    /// Why the delivery was parked instead of done ([`UNKNOWN_ACCOUNT`],
    /// [`MESSAGE_WITHOUT_SENDER`] or [`UNREADABLE_PARTS`], the first that applies).
    pub parked_reason: Option<String>,
}

impl ApplyOutcome {
    /// Whether the delivery was parked instead of done: something in it could not be placed.
    pub fn parked(&self) -> bool {
        self.applied && self.parked_reason.is_some()
    }
}

/// The parked reason of a delivery with changes for numbers of no account.
pub const UNKNOWN_ACCOUNT: &str = "unknown account";
/// The parked reason of a delivery with messages that name no sender.
pub const MESSAGE_WITHOUT_SENDER: &str = "message without sender";
/// The parked reason of a delivery with parts the parser could not read (`WebhookBatch::rejects`);
/// their locations and reasons are its `last_error`.
pub const UNREADABLE_PARTS: &str = "unreadable parts";
/// The parked reason of a delivery whose lease expired on its last allowed attempt.
pub const LEASE_EXPIRED_TOO_OFTEN: &str = "lease expired too often";

/// Durable inbound queue. Claims are leases fenced by the attempt number: a worker that outlived
/// its lease can neither apply nor fail the delivery.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait WebhookQueue: Send + Sync {
    /// Stores a raw delivery durably (committed when this returns) as `queued`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached: the caller must not acknowledge.
    async fn enqueue(&self, body: Vec<u8>) -> Result<DeliveryId, RepoError>;

    /// Stores several raw deliveries durably in one atomic step (one commit), each as `queued`:
    /// when this returns, all of them are committed; on an error, none of them is. Returns their
    /// ids in the order of `bodies`, which is also the order they are claimed in. No bodies store
    /// nothing and return no ids.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached: the caller must acknowledge none of them.
    /// - `Invalid` (entity "delivery") when a body is over the storage's size limit (16 MiB).
    async fn enqueue_many(&self, bodies: &[Vec<u8>]) -> Result<Vec<DeliveryId>, RepoError>;

    /// Claims up to `max` ready deliveries (`queued`, or `retry` whose time has come), oldest
    /// first, skipping those other workers hold: each becomes `running` until `now + lease`, with
    /// its attempt number increased by one.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<Claim>, RepoError>;

    /// In one atomic step: marks the claimed attempt done (only if it still holds the lease:
    /// same attempt, still `running`, lease not expired) and applies the batch idempotently:
    /// contacts upserted (a given profile name replaces the stored one; identity by wa_id, or by
    /// business-scoped user id when there is no wa_id), conversations opened, messages inserted by
    /// wamid (a known wamid is a no-op: no unread bump, no event), reactions set, replaced or
    /// removed on the reacted-to message (the newest reaction by Meta's time wins; a reaction to
    /// a message we do not know is stored as a message of kind `reaction`), statuses moved forward
    /// only (a status for an unknown wamid is kept and applied when a message with that wamid is
    /// stored), template statuses updated (an unknown template is no error). Without the lease
    /// nothing changes and `applied` is false.
    ///
    /// Changes for numbers of no account are not applied and are reported in `unknown_numbers`
    /// (the delivery is then parked with [`UNKNOWN_ACCOUNT`]); messages without any sender are
    /// reported in `senderless` (parked with [`MESSAGE_WITHOUT_SENDER`]); a batch with `rejects`
    /// is parked with [`UNREADABLE_PARTS`] and their locations and reasons as `last_error`.
    /// Everything else in the delivery is applied all the same: applying it again later is
    /// harmless.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached, or the change collided with a concurrent
    ///   one (a deadlock) and may be retried (nothing was applied).
    async fn apply(
        &self,
        id: DeliveryId,
        attempt: i32,
        batch: &WebhookBatch,
    ) -> Result<ApplyOutcome, RepoError>;

    /// Applies several claimed deliveries, each exactly as [`WebhookQueue::apply`] would (same
    /// fencing, same effects, same outcome), in the order given, and returns one result per
    /// item in that order. A backend may apply the whole group in one transaction (one commit);
    /// then a failure of any item fails the call and none of them is applied. No items apply
    /// nothing and return no results.
    ///
    /// # Errors
    /// - The call: `Unavailable` when storage cannot be reached, or the group collided with a
    ///   concurrent change (a deadlock); what `apply` would answer for an item, when the group
    ///   is one transaction. Nothing was applied: apply the items one by one.
    /// - An item (backends that apply each item on its own): what `apply` answers for it.
    async fn apply_many(
        &self,
        items: &[ClaimedBatch],
    ) -> Result<Vec<Result<ApplyOutcome, RepoError>>, RepoError>;

    /// Records a failed attempt: back to `retry` after a delay, or `parked` with a reason.
    /// Returns false (and changes nothing) when the attempt no longer holds the lease (another
    /// attempt, not `running`, or its lease expired).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn fail(
        &self,
        id: DeliveryId,
        attempt: i32,
        error: &str,
        action: FailAction,
    ) -> Result<bool, RepoError>;

    /// Returns `running` deliveries whose lease expired to `retry` (runnable now), or parks them
    /// with [`LEASE_EXPIRED_TOO_OFTEN`] once they reached `max_attempts`. Returns how many.
    ///
    /// Also applies kept statuses whose message was stored meanwhile (a status and its message
    /// applied at the same moment by two workers can miss each other); run it every few seconds.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn rescue_expired(&self, max_attempts: i32) -> Result<u64, RepoError>;

    /// Deliveries in `state`, newest first (by id), with ids below `before` when given.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(
        &self,
        state: DeliveryState,
        before: Option<DeliveryId>,
        limit: u16,
    ) -> Result<Vec<DeliveryRecord>, RepoError>;

    /// Puts a parked delivery back in the queue (`queued`, runnable now, attempts kept).
    ///
    /// # Errors
    /// - `NotFound` (entity "delivery") when there is no such delivery.
    /// - `Conflict` (entity "delivery") when it is not parked.
    async fn requeue(&self, id: DeliveryId) -> Result<DeliveryRecord, RepoError>;
}
