//! Storage of conversations and the inbox list.

use async_trait::async_trait;

use crate::conversation::{Conversation, ConversationSummary};
use crate::cursor::{Cursor, Page, PageLimit};
use crate::error::RepoError;
use crate::ids::{AccountId, ContactId, ConversationId};

/// Conversations and their list with last messages.
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

    /// A page of the account's conversations, newest activity first (ties by id, descending),
    /// each with its contact and newest message; `after` continues from a previous page's
    /// `next`. An unknown account yields an empty page.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(
        &self,
        account: AccountId,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError>;
}
