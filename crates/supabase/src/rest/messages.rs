//! `MessageRepo` through PostgREST: `inbox_messages`, the append and status functions (with
//! their V15 `_returning` forms, one request each), the message actions and the galleries —
//! the same SQL the PostgreSQL adapter runs.

use async_trait::async_trait;
use inbox_domain::ports::{AppendOutcome, MessageChange, MessageRepo, StatusChange, StatusOutcome};
use inbox_domain::{
    AccountId, ActionRefused, ConversationId, Cursor, DeleteScope, EditedText, Emoji, MediaKinds,
    Message, MessageId, NewMessage, Page, PageLimit, RepoError,
};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::call::Rest;
use super::errors::unreadable;
use super::keyset_list::{KeysetList, keyset_rows};
use super::wire::{JsonRow, MESSAGE, MESSAGE_COLUMNS, all, keyset, message, timestamp};

/// A row of a function that returns a message with a flag (`created`, `changed`) and, for the
/// message actions, a refusal code.
#[derive(Debug, Deserialize)]
struct Flagged {
    #[serde(alias = "created")]
    changed: bool,
    #[serde(default)]
    refused: Option<String>,
    message: Option<JsonRow>,
}

/// Messages in Supabase.
pub(crate) struct RestMessages {
    rest: Rest,
}

impl RestMessages {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    /// One message action (`inbox_edit_message_text`...): no row for an unknown message, a
    /// refusal code for one the action does not apply to.
    async fn act(
        &self,
        operation: &'static str,
        function: &str,
        args: &Value,
    ) -> Result<MessageChange, RepoError> {
        let rows: Vec<Flagged> = self.rest.rpc(operation, function, &[], args).await?;
        let row = rows
            .into_iter()
            .next()
            .ok_or(RepoError::not_found("message"))?;
        if let Some(code) = row.refused {
            let refused: ActionRefused =
                code.parse().map_err(|e| RepoError::Internal(Box::new(e)))?;
            return Err(refused.into());
        }
        let stored = row
            .message
            .ok_or_else(|| unreadable(operation, "an action returned no message"))?;
        Ok(MessageChange {
            changed: row.changed,
            message: message(&stored, &MESSAGE)?,
        })
    }

    /// A gallery page of `function` (`inbox_conversation_media`, `inbox_account_media`).
    async fn media(
        &self,
        function: &str,
        owner_arg: &str,
        owner: Uuid,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let kinds: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
        let list = KeysetList {
            operation: "messages.media",
            function,
            query: &[
                ("select", MESSAGE_COLUMNS),
                ("order", "sent_at.desc,id.desc"),
            ],
            owner: (owner_arg, owner),
        };
        let filters = [("p_kinds", json!(kinds))];
        let rows = keyset_rows(&self.rest, list, before, limit, &filters).await?;
        let items = all(rows, |row| message(&row, &MESSAGE))?;
        Ok(Page::from_fetched(items, limit, Message::cursor))
    }
}

#[async_trait]
impl MessageRepo for RestMessages {
    async fn append(&self, new: NewMessage) -> Result<AppendOutcome, RepoError> {
        new.validate().map_err(|e| RepoError::Invalid {
            entity: "message",
            reason: e.to_string(),
        })?;
        let args = json!({
            "p_id": new.id.as_uuid(),
            "p_conversation_id": new.conversation_id.as_uuid(),
            "p_direction": new.direction.as_str(),
            "p_kind": new.kind.as_str(),
            "p_body": new.body,
            "p_media": new.media,
            "p_payload": new.payload,
            "p_wamid": new.wamid.as_ref().map(|w| w.as_str()),
            "p_status": new.status.as_str(),
            "p_reply_to_wamid": new.reply_to_wamid.as_ref().map(|w| w.as_str()),
            "p_sent_at": timestamp(new.sent_at)?,
        });
        let rows: Vec<Flagged> = self
            .rest
            .rpc(
                "messages.append",
                "inbox_append_message_returning",
                &[],
                &args,
            )
            .await?;
        let (created, stored) = rows
            .into_iter()
            .next()
            .and_then(|row| Some((row.changed, row.message?)))
            .ok_or_else(|| {
                unreadable("messages.append", "the appended message was not returned")
            })?;
        Ok(AppendOutcome {
            message: message(&stored, &MESSAGE)?,
            created,
        })
    }

    async fn get(&self, id: MessageId) -> Result<Message, RepoError> {
        let query = [
            ("select", MESSAGE_COLUMNS.to_owned()),
            ("id", format!("eq.{}", id.as_uuid())),
        ];
        let rows: Vec<JsonRow> = self
            .rest
            .select("messages.get", "inbox_messages", &query)
            .await?;
        let row = rows.first().ok_or(RepoError::not_found("message"))?;
        Ok(message(row, &MESSAGE)?)
    }

    async fn page(
        &self,
        conversation: ConversationId,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        // The PostgreSQL adapter's keyset `(sent_at, id) < cursor`, in PostgREST's filter syntax.
        let (at, id) = keyset(before)?;
        let query = [
            ("select", MESSAGE_COLUMNS.to_owned()),
            ("conversation_id", format!("eq.{}", conversation.as_uuid())),
            (
                "or",
                format!("(sent_at.lt.\"{at}\",and(sent_at.eq.\"{at}\",id.lt.{id}))"),
            ),
            ("order", "sent_at.desc,id.desc".to_owned()),
            ("limit", limit.to_fetch().to_string()),
        ];
        let rows = self
            .rest
            .select("messages.page", "inbox_messages", &query)
            .await?;
        let items = all(rows, |row: JsonRow| message(&row, &MESSAGE))?;
        Ok(Page::from_fetched(items, limit, Message::cursor))
    }

    async fn apply_status(
        &self,
        id: MessageId,
        change: StatusChange,
    ) -> Result<StatusOutcome, RepoError> {
        let (code, title, details) = match change.error {
            Some(error) => (Some(error.code), Some(error.title), error.details),
            None => (None, None, None),
        };
        let args = json!({
            "p_id": id.as_uuid(),
            "p_status": change.status.as_str(),
            "p_error_code": code,
            "p_error_title": title,
            "p_error_details": details,
        });
        let rows: Vec<Flagged> = self
            .rest
            .rpc(
                "messages.apply_status",
                "inbox_apply_message_status_returning",
                &[],
                &args,
            )
            .await?;
        let (changed, stored) = rows
            .into_iter()
            .next()
            .and_then(|row| Some((row.changed, row.message?)))
            .ok_or(RepoError::not_found("message"))?;
        Ok(StatusOutcome {
            changed,
            message: message(&stored, &MESSAGE)?,
        })
    }

    async fn edit_text(
        &self,
        id: MessageId,
        text: EditedText,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let at = timestamp(at)?;
        let args = json!({"p_id": id.as_uuid(), "p_body": text.as_str(), "p_at": at});
        self.act("messages.edit_text", "inbox_edit_message_text", &args)
            .await
    }

    async fn delete(
        &self,
        id: MessageId,
        scope: DeleteScope,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let at = timestamp(at)?;
        let args = json!({"p_id": id.as_uuid(), "p_scope": scope.as_str(), "p_at": at});
        self.act("messages.delete", "inbox_delete_message", &args)
            .await
    }

    async fn set_reaction(
        &self,
        id: MessageId,
        emoji: Emoji,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let at = timestamp(at)?;
        let args = json!({"p_id": id.as_uuid(), "p_emoji": emoji.as_str(), "p_at": at});
        self.act(
            "messages.set_reaction",
            "inbox_set_business_reaction",
            &args,
        )
        .await
    }

    async fn remove_reaction(&self, id: MessageId) -> Result<MessageChange, RepoError> {
        let args = json!({"p_id": id.as_uuid()});
        self.act(
            "messages.remove_reaction",
            "inbox_remove_business_reaction",
            &args,
        )
        .await
    }

    async fn conversation_media(
        &self,
        conversation: ConversationId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let owner = conversation.as_uuid();
        self.media(
            "inbox_conversation_media",
            "p_conversation_id",
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
        self.media(
            "inbox_account_media",
            "p_account_id",
            owner,
            kinds,
            before,
            limit,
        )
        .await
    }
}
