//! `ConversationRepo` through `inbox_open_conversation` and `inbox_conversation_summaries`.

use async_trait::async_trait;
use inbox_domain::ports::ConversationRepo;
use inbox_domain::{
    AccountId, ContactId, Conversation, ConversationId, ConversationSummary, Cursor, Page,
    PageLimit, RepoError,
};
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
use crate::repos::keyset_page;
use crate::rows;
use crate::sql::{self, summary_columns};

/// Opens (or finds) the pair's conversation, safe under concurrency (the shared SQL function).
const OPEN: &str = "SELECT id, account_id, contact_id, status, unread_count, favorite, bot_mode, \
     last_message_at, last_message_id, last_inbound_at, created_at \
     FROM inbox_open_conversation($1, $2, $3)";
const GET: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_conversation_summaries WHERE id = $1"
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

    async fn list(
        &self,
        account: AccountId,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<ConversationSummary>, RepoError> {
        keyset_page(
            &self.pg,
            sql::LIST_CONVERSATIONS,
            account.as_uuid(),
            after,
            limit,
            rows::summary,
            |item| Cursor {
                at: item.conversation.last_message_at,
                id: item.conversation.id.as_uuid(),
            },
        )
        .await
    }
}
