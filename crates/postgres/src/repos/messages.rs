//! `MessageRepo` through `inbox_append_message`, `inbox_apply_message_status` and `inbox_messages`,
//! the agent's actions (`actions`) and the media galleries (`media`).

mod actions;
mod media;

use async_trait::async_trait;
use futures::future::try_join;
use inbox_domain::ports::{AppendOutcome, MessageChange, MessageRepo, StatusChange, StatusOutcome};
use inbox_domain::{
    AccountId, ConversationId, Cursor, DeleteScope, EditedText, Emoji, MediaKinds, Message,
    MessageId, NewMessage, Page, PageLimit, RepoError,
};
use time::OffsetDateTime;
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::{Param, Pg};
use crate::repos::keyset_page;
use crate::rows::{self, MESSAGE, get};
use crate::sql::{self, message_columns};

/// Stores the message and moves its conversation in one step; idempotent on the wamid.
const APPEND: &str = "SELECT message_id, created FROM inbox_append_message(\
     $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
/// The appended message, or the stored one with the same wamid; pipelined right after `APPEND`
/// on the same connection, so it runs after the append committed.
const READ_APPENDED: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM inbox_messages WHERE id = $1 OR wamid = $2"
);
const GET: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM inbox_messages WHERE id = $1"
);
/// Moves the status when the lattice allows it; no row for an unknown message.
const APPLY_STATUS: &str = "SELECT changed FROM inbox_apply_message_status($1, $2, $3, $4, $5)";

/// Messages in PostgreSQL.
pub(crate) struct PgMessages {
    pg: Pg,
}

impl PgMessages {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl MessageRepo for PgMessages {
    async fn append(&self, message: NewMessage) -> Result<AppendOutcome, RepoError> {
        message.validate().map_err(|e| RepoError::Invalid {
            entity: "message",
            reason: e.to_string(),
        })?;
        let media = message
            .media
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(|e| RepoError::Internal(Box::new(e)))?;
        let id = message.id.as_uuid();
        let wamid = message.wamid.as_ref().map(|w| w.as_str());
        let reply_to_wamid = message.reply_to_wamid.as_ref().map(|w| w.as_str());
        let db = self.pg.db().await?;
        let conversation = message.conversation_id.as_uuid();
        let append: &[Param<'_>] = &[
            (&id, Type::UUID),
            (&conversation, Type::UUID),
            (&message.direction.as_str(), Type::TEXT),
            (&message.kind.as_str(), Type::TEXT),
            (&message.body, Type::TEXT),
            (&media, Type::JSONB),
            (&message.payload, Type::JSONB),
            (&wamid, Type::TEXT),
            (&message.status.as_str(), Type::TEXT),
            (&reply_to_wamid, Type::TEXT),
            (&message.sent_at, Type::TIMESTAMPTZ),
        ];
        let read: &[Param<'_>] = &[(&id, Type::UUID), (&wamid, Type::TEXT)];
        // The read is pipelined behind the append on the same connection: it sees the result.
        db.prepare_pipeline(&[(APPEND, append), (READ_APPENDED, read)])
            .await?;
        let (outcome, stored) =
            try_join(db.query_one(APPEND, append), db.query(READ_APPENDED, read)).await?;
        let stored_id: Uuid = get(&outcome, "message_id")?;
        let created: bool = get(&outcome, "created")?;
        let row = stored
            .iter()
            .find(|row| row.try_get::<_, Uuid>("id").is_ok_and(|id| id == stored_id))
            .ok_or_else(|| RepoError::Internal("the appended message could not be read".into()))?;
        Ok(AppendOutcome {
            message: rows::message(row, &MESSAGE)?,
            created,
        })
    }

    async fn get(&self, id: MessageId) -> Result<Message, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(GET, &[(&id.as_uuid(), Type::UUID)])
            .await?
            .ok_or(RepoError::not_found("message"))?;
        Ok(rows::message(&row, &MESSAGE)?)
    }

    async fn page(
        &self,
        conversation: ConversationId,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        keyset_page(
            &self.pg,
            sql::PAGE_MESSAGES,
            conversation.as_uuid(),
            before,
            limit,
            rows::messages(&MESSAGE),
            Message::cursor,
        )
        .await
    }

    async fn apply_status(
        &self,
        id: MessageId,
        change: StatusChange,
    ) -> Result<StatusOutcome, RepoError> {
        let id = id.as_uuid();
        let (code, title, details) = match change.error {
            Some(error) => (Some(error.code), Some(error.title), error.details),
            None => (None, None, None),
        };
        let db = self.pg.db().await?;
        let apply: &[Param<'_>] = &[
            (&id, Type::UUID),
            (&change.status.as_str(), Type::TEXT),
            (&code, Type::INT8),
            (&title, Type::TEXT),
            (&details, Type::TEXT),
        ];
        let read: &[Param<'_>] = &[(&id, Type::UUID)];
        // The read is pipelined behind the change on the same connection: it sees the result.
        db.prepare_pipeline(&[(APPLY_STATUS, apply), (GET, read)])
            .await?;
        let (outcome, stored) =
            try_join(db.query_opt(APPLY_STATUS, apply), db.query_opt(GET, read)).await?;
        let (Some(outcome), Some(stored)) = (outcome, stored) else {
            return Err(RepoError::not_found("message"));
        };
        Ok(StatusOutcome {
            changed: get(&outcome, "changed")?,
            message: rows::message(&stored, &MESSAGE)?,
        })
    }

    async fn edit_text(
        &self,
        id: MessageId,
        text: EditedText,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let id = id.as_uuid();
        actions::act(
            &self.pg,
            actions::EDIT,
            &[
                (&id, Type::UUID),
                (&text.as_str(), Type::TEXT),
                (&at, Type::TIMESTAMPTZ),
            ],
        )
        .await
    }

    async fn delete(
        &self,
        id: MessageId,
        scope: DeleteScope,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let id = id.as_uuid();
        actions::act(
            &self.pg,
            actions::DELETE,
            &[
                (&id, Type::UUID),
                (&scope.as_str(), Type::TEXT),
                (&at, Type::TIMESTAMPTZ),
            ],
        )
        .await
    }

    async fn set_reaction(
        &self,
        id: MessageId,
        emoji: Emoji,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let id = id.as_uuid();
        actions::act(
            &self.pg,
            actions::SET_REACTION,
            &[
                (&id, Type::UUID),
                (&emoji.as_str(), Type::TEXT),
                (&at, Type::TIMESTAMPTZ),
            ],
        )
        .await
    }

    async fn remove_reaction(&self, id: MessageId) -> Result<MessageChange, RepoError> {
        let id = id.as_uuid();
        actions::act(&self.pg, actions::REMOVE_REACTION, &[(&id, Type::UUID)]).await
    }

    async fn conversation_media(
        &self,
        conversation: ConversationId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let owner = conversation.as_uuid();
        media::media_page(
            &self.pg,
            sql::CONVERSATION_MEDIA,
            owner,
            kinds,
            before,
            limit,
        )
        .await
    }

    async fn account_media(
        &self,
        account: AccountId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let owner = account.as_uuid();
        media::media_page(&self.pg, sql::ACCOUNT_MEDIA, owner, kinds, before, limit).await
    }
}
