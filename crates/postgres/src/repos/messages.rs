//! `MessageRepo` through `inbox_append_message`, `inbox_apply_message_status` and `inbox_messages`.

use async_trait::async_trait;
use futures::future::try_join;
use inbox_domain::ports::{AppendOutcome, MessageRepo, StatusChange, StatusOutcome};
use inbox_domain::{
    ConversationId, Cursor, Message, MessageId, NewMessage, Page, PageLimit, RepoError,
};
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
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
        let (outcome, stored) = try_join(
            db.query_one(
                APPEND,
                &[
                    (&id, Type::UUID),
                    (&message.conversation_id.as_uuid(), Type::UUID),
                    (&message.direction.as_str(), Type::TEXT),
                    (&message.kind.as_str(), Type::TEXT),
                    (&message.body, Type::TEXT),
                    (&media, Type::JSONB),
                    (&message.payload, Type::JSONB),
                    (&wamid, Type::TEXT),
                    (&message.status.as_str(), Type::TEXT),
                    (&reply_to_wamid, Type::TEXT),
                    (&message.sent_at, Type::TIMESTAMPTZ),
                ],
            ),
            db.query(READ_APPENDED, &[(&id, Type::UUID), (&wamid, Type::TEXT)]),
        )
        .await?;
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
            |row| rows::message(row, &MESSAGE),
            |message| Cursor {
                at: message.sent_at,
                id: message.id.as_uuid(),
            },
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
        // The read is pipelined behind the change on the same connection: it sees the result.
        let (outcome, stored) = try_join(
            db.query_opt(
                APPLY_STATUS,
                &[
                    (&id, Type::UUID),
                    (&change.status.as_str(), Type::TEXT),
                    (&code, Type::INT8),
                    (&title, Type::TEXT),
                    (&details, Type::TEXT),
                ],
            ),
            db.query_opt(GET, &[(&id, Type::UUID)]),
        )
        .await?;
        let (Some(outcome), Some(stored)) = (outcome, stored) else {
            return Err(RepoError::not_found("message"));
        };
        Ok(StatusOutcome {
            changed: get(&outcome, "changed")?,
            message: rows::message(&stored, &MESSAGE)?,
        })
    }
}
