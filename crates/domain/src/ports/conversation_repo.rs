//! Storage of conversations and the inbox list.

use async_trait::async_trait;

use crate::conversation::{Conversation, ConversationStatus, ConversationSummary};
use crate::conversation_filter::ConversationFilter;
use crate::cursor::{Cursor, Page, PageLimit};
use crate::error::RepoError;
use crate::ids::{AccountId, ContactId, ConversationId};

/// Conversations, their list with last messages, and the agents' actions on them.
///
/// A new customer message reopens a closed or archived conversation (`MessageRepo::append` of
/// an inbound message sets the status to open): the customer is waiting again, so the thread
/// must come back into the inbox. An agent's own message leaves the status alone.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait ConversationRepo: Send + Sync {
    /// The conversation between `account` and `contact`, created (open, empty) if there is none.
    /// Idempotent and safe under concurrency: one pair has one conversation.
    ///
    /// # Errors
    /// - `MissingReference` when the account or contact does not exist, or the contact
    ///   belongs to another account (entity "contact").
    async fn open(&self, account: AccountId, contact: ContactId)
    -> Result<Conversation, RepoError>;

    /// One conversation with its contact and newest message.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn get(&self, id: ConversationId) -> Result<ConversationSummary, RepoError>;

    /// A page of the account's conversations that the default filter shows (every one not
    /// archived); the same as `list_filtered` with `ConversationFilter::default()`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(
        &self,
        account: AccountId,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        self.list_filtered(account, ConversationFilter::default(), after, limit)
            .await
    }

    /// A page of the account's conversations that `filter` shows, newest activity first (ties
    /// by id, descending), each with its contact and newest message; `after` continues from a
    /// previous page's `next`, read with the same filter (a cursor belongs to its filter). One
    /// read, whatever the filter. An unknown account yields an empty page.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list_filtered(
        &self,
        account: AccountId,
        filter: ConversationFilter,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError>;

    /// Marks every message of the conversation as read by the agents: its unread count becomes
    /// 0. Atomic; returns the conversation as changed; repeating it changes nothing more.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn mark_read(&self, id: ConversationId) -> Result<Conversation, RepoError>;

    /// Marks the conversation as needing attention: its unread count becomes at least 1 (a
    /// higher count stays). Atomic; returns the conversation as changed.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn mark_unread(&self, id: ConversationId) -> Result<Conversation, RepoError>;

    /// Pins (`true`) or unpins (`false`) the conversation. Atomic; returns it as changed.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn set_favorite(
        &self,
        id: ConversationId,
        favorite: bool,
    ) -> Result<Conversation, RepoError>;

    /// Hands the conversation to the bot (`true`) or back to the agents (`false`). Atomic;
    /// returns it as changed.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn set_bot_mode(
        &self,
        id: ConversationId,
        bot_mode: bool,
    ) -> Result<Conversation, RepoError>;

    /// Moves the conversation to `status`: close, archive, or reopen (open). Any state may
    /// become any other. Atomic; returns the conversation as changed; its activity time, unread
    /// count and place in the list stay as they were.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when there is none.
    async fn set_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Result<Conversation, RepoError>;
}
