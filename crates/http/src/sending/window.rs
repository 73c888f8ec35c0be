//! The 24-hour customer-service window: open while the customer's newest message is less than
//! 24 hours old.
//!
//! One indexed read (the conversation by primary key; `last_inbound_at` is kept by every
//! inbound append) answers it. Only an open window is cached, until it closes or for 5 minutes
//! at most: a new inbound message can only extend a window, so a cached "open" is never wrong,
//! and a closed window is read again each time, so the first inbound message opens it at once.

use std::time::Duration;

use inbox_domain::ports::Storage;
use inbox_domain::{ConversationId, RepoError};
use moka::Expiry;
use moka::future::Cache;
use time::OffsetDateTime;

/// How long the window stays open after the customer's message.
pub(crate) const WINDOW: time::Duration = time::Duration::hours(24);
/// How long an answer is kept at most.
const TTL: Duration = Duration::from_secs(300);
/// Conversations kept at most.
const CAPACITY: u64 = 100_000;

/// Each entry lives until its window closes, at most [`TTL`].
struct UntilClosed;

impl Expiry<ConversationId, OffsetDateTime> for UntilClosed {
    fn expire_after_create(
        &self,
        _key: &ConversationId,
        open_until: &OffsetDateTime,
        _created_at: std::time::Instant,
    ) -> Option<Duration> {
        let left = *open_until - OffsetDateTime::now_utc();
        Some(Duration::try_from(left).unwrap_or(Duration::ZERO).min(TTL))
    }
}

/// Open windows by conversation.
pub(crate) struct WindowCache {
    open_until: Cache<ConversationId, OffsetDateTime>,
}

impl WindowCache {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        Self {
            open_until: Cache::builder()
                .max_capacity(CAPACITY)
                .expire_after(UntilClosed)
                .build(),
        }
    }

    /// Whether `conversation`'s window is open at `now`.
    ///
    /// # Errors
    /// `NotFound` (entity "conversation"); storage errors as they come.
    pub(crate) async fn is_open(
        &self,
        storage: &Storage,
        conversation: ConversationId,
        now: OffsetDateTime,
    ) -> Result<bool, RepoError> {
        if let Some(until) = self.open_until.get(&conversation).await
            && until > now
        {
            return Ok(true);
        }
        let summary = storage.conversations.get(conversation).await?;
        match summary.conversation.last_inbound_at.map(|at| at + WINDOW) {
            Some(until) if until > now => {
                self.open_until.insert(conversation, until).await;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
