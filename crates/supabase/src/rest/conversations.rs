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
use serde_json::json;
use uuid::Uuid;

use super::call::Rest;
use super::errors::unreadable;
use super::page::into_page;
use super::search::uses_trigram_index;
use super::wire::{
    CONVERSATION_COLUMNS, JsonRow, SUMMARY_COLUMNS, all, conversation, keyset, summary,
};

/// One action: which fields `inbox_change_conversation` sets (`None` keeps one).
#[derive(Default)]
struct Change {
    read: Option<bool>,
    favorite: Option<bool>,
    bot_mode: Option<bool>,
    status: Option<ConversationStatus>,
}

/// Conversations in Supabase.
pub(crate) struct RestConversations {
    rest: Rest,
}

impl RestConversations {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    async fn change(&self, id: ConversationId, change: Change) -> Result<Conversation, RepoError> {
        let args = json!({
            "p_id": id.as_uuid(),
            "p_read": change.read,
            "p_favorite": change.favorite,
            "p_bot_mode": change.bot_mode,
            "p_status": change.status.map(ConversationStatus::as_str),
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
            ("limit", (i64::from(limit.get()) + 1).to_string()),
        ];
        self.rest
            .select("conversations.list", "inbox_conversation_summaries", &query)
            .await
    }
}

/// Where a summary sits in the list: its cursor.
fn cursor_of(item: &ConversationSummary) -> Cursor {
    Cursor {
        at: item.conversation.last_message_at,
        id: item.conversation.id.as_uuid(),
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
            let (before_at, before_id) = keyset(after)?;
            let args = json!({
                "p_account_id": account.as_uuid(),
                "p_before_at": before_at,
                "p_before_id": before_id,
                "p_limit": i64::from(limit.get()) + 1,
                "p_statuses": statuses,
                "p_unread_only": filter.unread_only,
                "p_favorites_only": filter.favorites_only,
                "p_search": search,
            });
            self.rest
                .rpc(
                    "conversations.list",
                    function,
                    &[("select", SUMMARY_COLUMNS)],
                    &args,
                )
                .await?
        };
        let items = all(rows, |row| summary(&row))?;
        Ok(into_page(items, limit, cursor_of))
    }

    async fn mark_read(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        let change = Change {
            read: Some(true),
            ..Change::default()
        };
        self.change(id, change).await
    }

    async fn mark_unread(&self, id: ConversationId) -> Result<Conversation, RepoError> {
        let change = Change {
            read: Some(false),
            ..Change::default()
        };
        self.change(id, change).await
    }

    async fn set_favorite(
        &self,
        id: ConversationId,
        favorite: bool,
    ) -> Result<Conversation, RepoError> {
        let change = Change {
            favorite: Some(favorite),
            ..Change::default()
        };
        self.change(id, change).await
    }

    async fn set_bot_mode(
        &self,
        id: ConversationId,
        bot_mode: bool,
    ) -> Result<Conversation, RepoError> {
        let change = Change {
            bot_mode: Some(bot_mode),
            ..Change::default()
        };
        self.change(id, change).await
    }

    async fn set_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Result<Conversation, RepoError> {
        let change = Change {
            status: Some(status),
            ..Change::default()
        };
        self.change(id, change).await
    }
}
