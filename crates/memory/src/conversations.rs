//! `ConversationRepo` in memory: one conversation per (account, contact), listed by activity
//! under a filter, changed by the agents' actions.

use async_trait::async_trait;

use inbox_domain::ports::ConversationRepo;
use inbox_domain::{
    AccountId, ContactCard, ContactId, Conversation, ConversationFilter, ConversationId,
    ConversationStatus, ConversationSummary, Cursor, Page, PageLimit, RepoError,
};

use crate::clock::{now, stored};
use crate::error::StoreError;
use crate::state::State;
use crate::store::MemoryStore;

const ENTITY: &str = "conversation";

impl State {
    /// `inbox_open_conversation`: the existing conversation of the pair, or a new open, empty one.
    pub(crate) fn open_conversation(
        &mut self,
        account: AccountId,
        contact: ContactId,
    ) -> Result<Conversation, RepoError> {
        if let Some(id) = self.conversation_by_contact.get(&(account, contact)) {
            return self
                .conversations
                .get(id)
                .cloned()
                .ok_or_else(|| StoreError::Dangling(ENTITY).into());
        }
        if !self.accounts.contains_key(&account) {
            return Err(RepoError::MissingReference { entity: "account" });
        }
        // `conversations_contact_fkey` is (account_id, contact_id): a contact of another
        // account is as missing as an unknown one.
        if self.contacts.get(&contact).map(|c| c.account_id) != Some(account) {
            return Err(RepoError::MissingReference { entity: "contact" });
        }
        let at = now();
        let conversation = Conversation {
            id: ConversationId::generate(),
            account_id: account,
            contact_id: contact,
            status: ConversationStatus::Open,
            unread_count: 0,
            favorite: false,
            bot_mode: false,
            last_message_at: at,
            last_message_id: None,
            last_inbound_at: None,
            created_at: at,
        };
        self.conversation_by_contact
            .insert((account, contact), conversation.id);
        self.activity
            .entry(account)
            .or_default()
            .insert((at, conversation.id));
        self.conversations
            .insert(conversation.id, conversation.clone());
        Ok(conversation)
    }

    /// A row of `inbox_conversation_summaries`: the conversation, its contact, its newest message.
    fn summary(&self, id: ConversationId) -> Result<Option<ConversationSummary>, RepoError> {
        let Some(conversation) = self.conversations.get(&id) else {
            return Ok(None);
        };
        let contact = self
            .contacts
            .get(&conversation.contact_id)
            .ok_or(StoreError::Dangling("contact"))?;
        let last_message = match conversation.last_message_id {
            Some(message) => Some(
                self.messages
                    .get(&message)
                    .ok_or(StoreError::Dangling("message"))?
                    .clone(),
            ),
            None => None,
        };
        Ok(Some(ConversationSummary {
            conversation: conversation.clone(),
            contact: ContactCard::from(contact),
            last_message,
        }))
    }

    /// A page of the account's summaries that `filter` admits, by (last_message_at DESC,
    /// id DESC), after `after`: the activity index walked newest first, each one tested.
    fn list_conversations(
        &self,
        account: AccountId,
        filter: &ConversationFilter,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        let size = usize::from(limit.get());
        let Some(index) = self.activity.get(&account) else {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        };
        let after = after.map(|c| (stored(c.at), ConversationId::from_uuid(c.id)));
        let older = match after {
            Some(after) => index.range(..after),
            None => index.range(..),
        };
        let mut items = Vec::with_capacity(size + 1);
        for (_, id) in older.rev() {
            let conversation = self
                .conversations
                .get(id)
                .ok_or(StoreError::Dangling(ENTITY))?;
            let contact = self
                .contacts
                .get(&conversation.contact_id)
                .ok_or(StoreError::Dangling("contact"))?;
            if filter.admits(conversation, contact) {
                items.push(self.summary(*id)?.ok_or(StoreError::Dangling(ENTITY))?);
                if items.len() > size {
                    break;
                }
            }
        }
        Ok(Page::from_fetched(
            items,
            limit,
            ConversationSummary::cursor,
        ))
    }

    /// `inbox_change_conversation`: one agent action on the stored conversation.
    fn change_conversation(
        &mut self,
        id: ConversationId,
        change: impl FnOnce(&mut Conversation),
    ) -> Result<Conversation, RepoError> {
        let conversation = self
            .conversations
            .get_mut(&id)
            .ok_or(RepoError::not_found(ENTITY))?;
        change(conversation);
        Ok(conversation.clone())
    }
}

#[async_trait]
impl ConversationRepo for MemoryStore {
    async fn open(
        &self,
        account: AccountId,
        contact: ContactId,
    ) -> Result<Conversation, RepoError> {
        self.write()?.open_conversation(account, contact)
    }

    async fn get(&self, id: ConversationId) -> Result<ConversationSummary, RepoError> {
        self.read()?
            .summary(id)?
            .ok_or(RepoError::not_found(ENTITY))
    }

    async fn list_filtered(
        &self,
        account: AccountId,
        filter: ConversationFilter,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        self.read()?
            .list_conversations(account, &filter, after, limit)
    }

    async fn mark_read(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        self.write()?
            .change_conversation(id, |c| c.unread_count = 0)
    }

    async fn mark_unread(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        self.write()?
            .change_conversation(id, |c| c.unread_count = c.unread_count.max(1))
    }

    async fn set_favorite(
        &self,
        id: ConversationId,
        favorite: bool,
    ) -> Result<Conversation, RepoError> {
        self.write()?
            .change_conversation(id, |c| c.favorite = favorite)
    }

    async fn set_bot_mode(
        &self,
        id: ConversationId,
        bot_mode: bool,
    ) -> Result<Conversation, RepoError> {
        self.write()?
            .change_conversation(id, |c| c.bot_mode = bot_mode)
    }

    async fn set_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Result<Conversation, RepoError> {
        self.write()?.change_conversation(id, |c| c.status = status)
    }
}
