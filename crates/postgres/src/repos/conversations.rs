//! `ConversationRepo` through `inbox_open_conversation`, `inbox_conversation_summaries`, the
//! filtered lists (`inbox_list_conversations`, `inbox_search_conversations`) and
//! `inbox_change_conversation`.

use async_trait::async_trait;
use inbox_domain::ports::ConversationRepo;
use inbox_domain::{
    AccountId, ContactId, Conversation, ConversationFilter, ConversationId, ConversationStatus,
    ConversationSummary, Cursor, Page, PageLimit, RepoError,
};
use inbox_schema::calls::ConversationChange;
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
use crate::repos::filtered_page::{FilteredList, filtered_page};
use crate::repos::keyset_page;
use crate::repos::search::uses_trigram_index;
use crate::rows;
use crate::sql::{self, summary_columns};

/// The columns `rows::conversation` reads.
macro_rules! conversation_columns {
    () => {
        inbox_schema::conversation_columns!()
    };
}

/// Opens (or finds) the pair's conversation, safe under concurrency (the shared SQL function).
const OPEN: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    " FROM inbox_open_conversation($1, $2, $3)"
);
const GET: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_conversation_summaries WHERE id = $1"
);
/// One agent action in one statement: `$2` read (true) / unread (false), `$3` favorite,
/// `$4` bot mode, `$5` status; NULL leaves a field alone. No row for an unknown conversation.
const CHANGE: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    " FROM inbox_change_conversation($1, $2, $3, $4, $5)"
);

/// Conversations in PostgreSQL.
pub(crate) struct PgConversations {
    pg: Pg,
}

impl PgConversations {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }

    async fn change(
        &self,
        id: ConversationId,
        change: ConversationChange,
    ) -> Result<Conversation, RepoError> {
        let status = change.status_text();
        let db = self.pg.db().await?;
        let row = db
            .query_opt(
                CHANGE,
                &[
                    (&id.as_uuid(), Type::UUID),
                    (&change.read, Type::BOOL),
                    (&change.favorite, Type::BOOL),
                    (&change.bot_mode, Type::BOOL),
                    (&status, Type::TEXT),
                ],
            )
            .await?
            .ok_or(RepoError::not_found("conversation"))?;
        Ok(rows::conversation(&row)?)
    }
}

#[async_trait]
impl ConversationRepo for PgConversations {
    async fn open(
        &self,
        account: AccountId,
        contact: ContactId,
    ) -> Result<Conversation, RepoError> {
        let db = self.pg.db().await?;
        let new_id = Uuid::now_v7();
        let row = db
            .query_one(
                OPEN,
                &[
                    (&new_id, Type::UUID),
                    (&account.as_uuid(), Type::UUID),
                    (&contact.as_uuid(), Type::UUID),
                ],
            )
            .await?;
        Ok(rows::conversation(&row)?)
    }

    async fn get(&self, id: ConversationId) -> Result<ConversationSummary, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(GET, &[(&id.as_uuid(), Type::UUID)])
            .await?
            .ok_or(RepoError::not_found("conversation"))?;
        Ok(rows::summary(&row)?)
    }

    async fn list_filtered(
        &self,
        account: AccountId,
        filter: ConversationFilter,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        if filter.is_default() {
            // The inbox's plain list: its own statement, a plain walk of the activity index.
            return keyset_page(
                &self.pg,
                sql::LIST_CONVERSATIONS,
                account.as_uuid(),
                after,
                limit,
                rows::summaries(),
                ConversationSummary::cursor,
            )
            .await;
        }
        let statuses: Vec<&str> = filter
            .status
            .statuses()
            .iter()
            .map(|s| s.as_str())
            .collect();
        let search = filter.search.as_ref().map(|s| s.term());
        let statement = if search.is_some_and(uses_trigram_index) {
            sql::SEARCH_CONVERSATIONS
        } else {
            sql::LIST_CONVERSATIONS_FILTERED
        };
        let [statuses_ty, unread_ty, favorites_ty, search_ty] = sql::FILTER_PARAM_TYPES;
        let filters = [
            (&statuses as _, statuses_ty),
            (&filter.unread_only as _, unread_ty),
            (&filter.favorites_only as _, favorites_ty),
            (&search as _, search_ty),
        ];
        let list = FilteredList {
            statement,
            owner: account.as_uuid(),
            filters: &filters,
        };
        filtered_page(
            &self.pg,
            list,
            after,
            limit,
            rows::summaries(),
            ConversationSummary::cursor,
        )
        .await
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
