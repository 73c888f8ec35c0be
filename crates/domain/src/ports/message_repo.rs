//! Storage of messages and their delivery status.

use async_trait::async_trait;

use time::OffsetDateTime;

use crate::cursor::{Cursor, Page, PageLimit};
use crate::error::RepoError;
use crate::ids::{AccountId, ConversationId, MessageId};
use crate::message::{
    DeleteScope, EditedText, Emoji, MediaKinds, Message, MessageStatus, MetaError, NewMessage,
};

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

/// What an agent's action on a message (edit, delete, reaction) did.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageChange {
    /// The message after the action, as every read shows it.
    pub message: Message,
    /// `false` when the message already was as asked and nothing changed.
    pub changed: bool,
}

/// Messages, with the conversation bookkeeping that goes with them.
///
/// Every read (`get`, `page`, the media galleries, and the messages `append`, `apply_status`
/// and the actions return) shows a message the same way: with its reactions, oldest first, and
/// the compact form of the message it quotes. A deleted message (either `DeleteScope`) keeps
/// its row, its place in the conversation, its ids, statuses and reactions, but its content is
/// hidden everywhere: `body` and `media` are `None`, `payload` is an empty object, and a reply
/// quoting it shows no preview. The conversation list's newest message hides it the same way.
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

    /// The message with this id, with its quoted message and its reactions.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    async fn get(&self, id: MessageId) -> Result<Message, RepoError>;

    /// A page of a conversation's messages, newest first (ties by id, descending), each with
    /// its quoted message and its reactions, in one query; `before` continues from a previous
    /// page's `next`. Deleted messages stay in the page, their content hidden.
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

    /// Replaces the text of one of the business's own text messages and sets `edited_at` to
    /// `at`. Only outbound messages can be edited (WhatsApp lets a sender edit only their own
    /// messages; a customer's edit arrives through the webhook, not here), in any status (a
    /// pending one is sent with the new text). The same text again changes nothing
    /// (`changed = false`, `edited_at` kept). Meta's 15-minute edit window is the caller's
    /// rule, not storage's.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    /// - `Invalid` (entity "message", `ActionRefused::NotOutbound`) for an inbound message,
    ///   `ActionRefused::NotText` for a message that is not a text, `ActionRefused::Deleted`
    ///   for a deleted one; nothing changes.
    async fn edit_text(
        &self,
        id: MessageId,
        text: EditedText,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError>;

    /// Deletes a message for `scope` at `at` without removing its row: from then on every
    /// read hides its content (see the trait's documentation). `Me` applies to any message;
    /// `Everyone` only to the business's own (outbound) messages. Idempotent: deleting again
    /// for the same scope, or for `Me` what is deleted for `Everyone`, changes nothing
    /// (`changed = false`, the first `deleted_at` kept); deleting for `Everyone` what is
    /// deleted for `Me` widens the scope and sets `deleted_at` to `at`.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    /// - `Invalid` (entity "message", `ActionRefused::NotOutbound`) when deleting an inbound
    ///   message for `Everyone`; nothing changes.
    async fn delete(
        &self,
        id: MessageId,
        scope: DeleteScope,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError>;

    /// Sets the business's reaction on a message to `emoji` at `at`: one reaction per side,
    /// so it replaces the business's earlier emoji (the customer's reaction is untouched). The
    /// same emoji again changes nothing (`changed = false`, the first `reacted_at` kept).
    /// Sending it to Meta is the sending side's job.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    /// - `Invalid` (entity "message", `ActionRefused::Deleted`) for a deleted message; nothing
    ///   changes.
    async fn set_reaction(
        &self,
        id: MessageId,
        emoji: Emoji,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError>;

    /// Removes the business's reaction from a message, leaving the customer's. Idempotent:
    /// without a business reaction it changes nothing and answers `changed = false`.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is none.
    async fn remove_reaction(&self, id: MessageId) -> Result<MessageChange, RepoError>;

    /// A page of a conversation's media messages of `kinds`, newest first (ties by id,
    /// descending), in one query on an index; `before` continues from a previous page's
    /// `next`. Deleted messages are left out.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn conversation_media(
        &self,
        conversation: ConversationId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError>;

    /// Like `conversation_media`, over every conversation of an account.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn account_media(
        &self,
        account: AccountId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError>;
}
