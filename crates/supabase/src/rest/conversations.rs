//! `ConversationRepo` through PostgREST: `inbox_open_conversation`,
//! `inbox_conversation_summaries`, the filtered lists (`inbox_list_conversations`,
//! `inbox_search_conversations`) and `inbox_change_conversation`, the same SQL the PostgreSQL
//! adapter runs.

use async_trait::async_trait;
use inbox_domain::ports::ConversationRepo;
use inbox_domain::{
    AccountId, ContactId, Conversation, ConversationFilter, ConversationId, ConversationStatus,
    ConversationSummary, Cursor, Page, PageLimit, RepoError,
};
use inbox_schema::calls::ConversationChange;
use serde_json::json;
use uuid::Uuid;

use super::call::Rest;
use super::errors::unreadable;
use super::keyset_list::{KeysetList, keyset_rows};
use super::search::uses_trigram_index;
use super::wire::{
    CONVERSATION_COLUMNS, JsonRow, SUMMARY_COLUMNS, all, conversation, keyset, summary,
};

/// Conversations in Supabase.
pub(crate) struct RestConversations {
    rest: Rest,
}

impl RestConversations {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    async fn change(
        &self,
        id: ConversationId,
        change: ConversationChange,
    ) -> Result<Conversation, RepoError> {
        let args = json!({
            "p_id": id.as_uuid(),
            "p_read": change.read,
            "p_favorite": change.favorite,
            "p_bot_mode": change.bot_mode,
            "p_status": change.status_text(),
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "conversations.change",
                "inbox_change_conversation",
                &[("select", CONVERSATION_COLUMNS)],
                &args,
            )
            .await?;
        let row = rows.first().ok_or(RepoError::not_found("conversation"))?;
        Ok(conversation(row)?)
    }

    /// The inbox's plain list (every conversation not archived), read from the summaries view
    /// with the PostgreSQL adapter's keyset: `(last_message_at, id) < cursor`, starting before
    /// everything (`infinity`, the max UUID) without one.
    async fn list_default(
        &self,
        account: AccountId,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Vec<JsonRow>, RepoError> {
        let (at, id) = keyset(after)?;
        let query = [
            ("select", SUMMARY_COLUMNS.to_owned()),
            ("account_id", format!("eq.{}", account.as_uuid())),
            ("status", "neq.archived".to_owned()),
            (
                "or",
                format!(
                    "(last_message_at.lt.\"{at}\",and(last_message_at.eq.\"{at}\",id.lt.{id}))"
                ),
            ),
            ("order", "last_message_at.desc,id.desc".to_owned()),
            ("limit", limit.to_fetch().to_string()),
        ];
        self.rest
            .select("conversations.list", "inbox_conversation_summaries", &query)
            .await
    }
}

#[async_trait]
impl ConversationRepo for RestConversations {
    async fn open(
        &self,
        account: AccountId,
        contact: ContactId,
    ) -> Result<Conversation, RepoError> {
        let args = json!({
            "p_id": Uuid::now_v7(),
            "p_account_id": account.as_uuid(),
            "p_contact_id": contact.as_uuid(),
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "conversations.open",
                "inbox_open_conversation",
                &[("select", CONVERSATION_COLUMNS)],
                &args,
            )
            .await?;
        let row = rows
            .first()
            .ok_or_else(|| unreadable("conversations.open", "the function returned no row"))?;
        Ok(conversation(row)?)
    }

    async fn get(&self, id: ConversationId) -> Result<ConversationSummary, RepoError> {
        let query = [
            ("select", SUMMARY_COLUMNS.to_owned()),
            ("id", format!("eq.{}", id.as_uuid())),
        ];
        let rows: Vec<JsonRow> = self
            .rest
            .select("conversations.get", "inbox_conversation_summaries", &query)
            .await?;
        let row = rows.first().ok_or(RepoError::not_found("conversation"))?;
        Ok(summary(row)?)
    }

    async fn list_filtered(
        &self,
        account: AccountId,
        filter: ConversationFilter,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        let rows = if filter.is_default() {
            self.list_default(account, after, limit).await?
        } else {
            let statuses: Vec<&str> = filter
                .status
                .statuses()
                .iter()
                .map(|s| s.as_str())
                .collect();
            let search = filter.search.as_ref().map(|s| s.term());
            let function = if search.is_some_and(uses_trigram_index) {
                "inbox_search_conversations"
            } else {
                "inbox_list_conversations"
            };
            let list = KeysetList {
                operation: "conversations.list",
                function,
                query: &[("select", SUMMARY_COLUMNS)],
                owner: ("p_account_id", account.as_uuid()),
            };
            let filters = [
                ("p_statuses", json!(statuses)),
                ("p_unread_only", json!(filter.unread_only)),
                ("p_favorites_only", json!(filter.favorites_only)),
                ("p_search", json!(search)),
            ];
            keyset_rows(&self.rest, list, after, limit, &filters).await?
        };
        let items = all(rows, |row| summary(&row))?;
        Ok(Page::from_fetched(
            items,
            limit,
            ConversationSummary::cursor,
        ))
    }

    async fn mark_read(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        self.change(id, ConversationChange::read(true)).await
    }

    async fn mark_unread(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        self.change(id, ConversationChange::read(false)).await
    }

    async fn set_favorite(
        &self,
        id: ConversationId,
        favorite: bool,
    ) -> Result<Conversation, RepoError> {
        self.change(id, ConversationChange::favorite(favorite))
            .await
    }

    async fn set_bot_mode(
        &self,
        id: ConversationId,
        bot_mode: bool,
    ) -> Result<Conversation, RepoError> {
        self.change(id, ConversationChange::bot_mode(bot_mode))
            .await
    }

    async fn set_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Result<Conversation, RepoError> {
        self.change(id, ConversationChange::status(status)).await
    }
}
