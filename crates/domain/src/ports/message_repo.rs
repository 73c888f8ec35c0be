//! Storage of messages and their delivery status.

use async_trait::async_trait;

use crate::cursor::{Cursor, Page, PageLimit};
use crate::error::RepoError;
use crate::ids::{ConversationId, MessageId};
use crate::message::{Message, MessageStatus, MetaError, NewMessage};

/// What `append` did.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendOutcome {
    /// The stored message (the earlier one when this was a duplicate).
    pub message: Message,
    /// `false` when a message with the same wamid was already stored and nothing changed.
    pub created: bool,
}

/// A status Meta (or a worker) reports for a message.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    /// The reported status.
    pub status: MessageStatus,
    /// Meta's error, for `failed`.
    pub error: Option<MetaError>,
}

/// What `apply_status` did.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusOutcome {
    /// The message after the change.
    pub message: Message,
    /// `false` when the status was stale or repeated and nothing changed.
    pub changed: bool,
}

/// Messages, with the conversation bookkeeping that goes with them.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait MessageRepo: Send + Sync {
    /// Stores a message and, in the same atomic step, moves its conversation's last activity
    /// (and last inbound time and unread count for an inbound message; a closed or archived
    /// conversation reopens on a new inbound message). Idempotent on the wamid: a message whose wamid is
    /// already stored changes nothing and returns the stored one with `created = false`.
    /// `reply_to` is resolved from `reply_to_wamid` when that message is known. Statuses reported
    /// for its wamid before it was stored (kept by `WebhookQueue::apply`) are applied in the same
    /// step, and the returned message shows them.
    ///
    /// # Errors
    /// - `Invalid` (entity "message") when `NewMessage::validate` fails, the body has more than
    ///   65,536 characters, or a text holds a NUL character.
    /// - `MissingReference` (entity "conversation") when the conversation does not exist.
    /// - `Conflict` (entity "message") when the id is taken by another message.
    async fn append(&self, message: NewMessage) -> Result<AppendOutcome, RepoError>;

    /// The message with this id, with its reactions.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    async fn get(&self, id: MessageId) -> Result<Message, RepoError>;

    /// A page of a conversation's messages, newest first (ties by id, descending), each with
    /// its reactions; `before` continues from a previous page's `next`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn page(
        &self,
        conversation: ConversationId,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError>;

    /// Moves the message to a reported status when `MessageStatus::can_become` allows it;
    /// otherwise leaves it as it is (`changed = false`). A failure keeps Meta's error; moving
    /// away from `failed` (delivery evidence) clears it.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    async fn apply_status(
        &self,
        id: MessageId,
        change: StatusChange,
    ) -> Result<StatusOutcome, RepoError>;
}
