//! Which account owns a resource addressed by id, remembered: a conversation never changes
//! accounts, so authorising a request about it needs no extra query once it was seen.

use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, ContactId, ConversationId, MessageId, RepoError};
use moka::future::Cache;

/// Owning accounts by resource id, bounded.
pub(crate) struct Owners {
    conversations: Cache<ConversationId, AccountId>,
    messages: Cache<MessageId, AccountId>,
    contacts: Cache<ContactId, AccountId>,
}

impl Owners {
    /// Remembers at most `capacity` owners per kind of resource.
    pub(crate) fn new(capacity: u64) -> Self {
        Self {
            conversations: Cache::new(capacity),
            messages: Cache::new(capacity),
            contacts: Cache::new(capacity),
        }
    }

    /// The account of conversation `id`, loaded on first use.
    ///
    /// # Errors
    /// `NotFound` (entity "conversation") when there is none; storage errors as they come.
    pub(crate) async fn conversation(
        &self,
        storage: &Storage,
        id: ConversationId,
    ) -> Result<AccountId, RepoError> {
        if let Some(account) = self.conversations.get(&id).await {
            return Ok(account);
        }
        let account = storage.conversations.get(id).await?.conversation.account_id;
        self.conversations.insert(id, account).await;
        Ok(account)
    }

    /// Remembers that conversation `id` belongs to `account` (after reading it anyway).
    pub(crate) async fn remember_conversation(&self, id: ConversationId, account: AccountId) {
        self.conversations.insert(id, account).await;
    }

    /// The account of message `id` (a message never changes accounts either), loaded on
    /// first use.
    ///
    /// # Errors
    /// `NotFound` (entity "message") when there is none; storage errors as they come.
    pub(crate) async fn message(
        &self,
        storage: &Storage,
        id: MessageId,
    ) -> Result<AccountId, RepoError> {
        if let Some(account) = self.messages.get(&id).await {
            return Ok(account);
        }
        let account = storage.messages.get(id).await?.account_id;
        self.messages.insert(id, account).await;
        Ok(account)
    }

    /// Remembers that message `id` belongs to `account` (after reading it anyway).
    pub(crate) async fn remember_message(&self, id: MessageId, account: AccountId) {
        self.messages.insert(id, account).await;
    }

    /// The account of contact `id` (a contact never changes accounts either), loaded on
    /// first use.
    ///
    /// # Errors
    /// `NotFound` (entity "contact") when there is none; storage errors as they come.
    pub(crate) async fn contact(
        &self,
        storage: &Storage,
        id: ContactId,
    ) -> Result<AccountId, RepoError> {
        if let Some(account) = self.contacts.get(&id).await {
            return Ok(account);
        }
        let account = storage.contacts.get(id).await?.account_id;
        self.contacts.insert(id, account).await;
        Ok(account)
    }

    /// Remembers that contact `id` belongs to `account` (after reading it anyway).
    pub(crate) async fn remember_contact(&self, id: ContactId, account: AccountId) {
        self.contacts.insert(id, account).await;
    }
}
