//! Messages from `inbox_messages` rows and from the `lm_*` part of summary rows, read as the
//! PostgreSQL adapter reads them.

use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use inbox_domain::{
    AccountId, ConversationId, MediaRef, Message, MessageId, MetaError, QuotedMessage, Reaction,
    Wamid,
};

use super::{JsonRow, Timestamp, WireError, parse};

/// The columns of `inbox_messages` that `message` reads with [`MESSAGE`].
pub(crate) const MESSAGE_COLUMNS: &str = "id,account_id,conversation_id,direction,kind,body,\
     media,payload,wamid,status,error_code,error_title,error_details,reply_to_id,\
     reply_to_wamid,reactions,edited_at,deleted_at,sent_at,created_at,deleted_scope,quoted";

/// Where a message's columns are in a row.
pub(crate) struct MessageColumns {
    id: &'static str,
    account_id: &'static str,
    conversation_id: &'static str,
    direction: &'static str,
    kind: &'static str,
    body: &'static str,
    media: &'static str,
    payload: &'static str,
    wamid: &'static str,
    status: &'static str,
    error_code: &'static str,
    error_title: &'static str,
    error_details: &'static str,
    reply_to_id: &'static str,
    reply_to_wamid: &'static str,
    reactions: &'static str,
    edited_at: &'static str,
    deleted_at: &'static str,
    deleted_scope: &'static str,
    /// `None` where the row carries no quote (a conversation summary's newest message).
    quoted: Option<&'static str>,
    sent_at: &'static str,
    created_at: &'static str,
}

/// An `inbox_messages` row.
pub(crate) const MESSAGE: MessageColumns = MessageColumns {
    id: "id",
    account_id: "account_id",
    conversation_id: "conversation_id",
    direction: "direction",
    kind: "kind",
    body: "body",
    media: "media",
    payload: "payload",
    wamid: "wamid",
    status: "status",
    error_code: "error_code",
    error_title: "error_title",
    error_details: "error_details",
    reply_to_id: "reply_to_id",
    reply_to_wamid: "reply_to_wamid",
    reactions: "reactions",
    edited_at: "edited_at",
    deleted_at: "deleted_at",
    deleted_scope: "deleted_scope",
    quoted: Some("quoted"),
    sent_at: "sent_at",
    created_at: "created_at",
};

/// The newest message inside an `inbox_conversation_summaries` row.
pub(crate) const LAST_MESSAGE: MessageColumns = MessageColumns {
    id: "last_message_id",
    account_id: "account_id",
    conversation_id: "id",
    direction: "lm_direction",
    kind: "lm_kind",
    body: "lm_body",
    media: "lm_media",
    payload: "lm_payload",
    wamid: "lm_wamid",
    status: "lm_status",
    error_code: "lm_error_code",
    error_title: "lm_error_title",
    error_details: "lm_error_details",
    reply_to_id: "lm_reply_to_id",
    reply_to_wamid: "lm_reply_to_wamid",
    reactions: "lm_reactions",
    edited_at: "lm_edited_at",
    deleted_at: "lm_deleted_at",
    deleted_scope: "lm_deleted_scope",
    quoted: None,
    sent_at: "lm_sent_at",
    created_at: "lm_created_at",
};

fn invalid(column: &'static str, reason: impl Into<String>) -> WireError {
    WireError {
        column,
        reason: reason.into(),
    }
}

fn wamid(row: &JsonRow, column: &'static str) -> Result<Option<Wamid>, WireError> {
    row.get::<Option<&str>>(column)?
        .map(|text| parse(column, text, Wamid::parse))
        .transpose()
}

/// A message from the columns `at` names.
pub(crate) fn message(row: &JsonRow, at: &MessageColumns) -> Result<Message, WireError> {
    let media = match row.value(at.media) {
        Value::Null => None,
        value => Some(
            serde_json::from_value::<MediaRef>(value.clone())
                .map_err(|_| invalid(at.media, "is not a media reference"))?,
        ),
    };
    let error_code: Option<i64> = row.get(at.error_code)?;
    let error_title: Option<String> = row.get(at.error_title)?;
    let error = match (error_code, error_title) {
        (Some(code), Some(title)) => Some(MetaError {
            code,
            title,
            details: row.get(at.error_details)?,
        }),
        _ => None,
    };
    Ok(Message {
        id: MessageId::from_uuid(row.get(at.id)?),
        account_id: AccountId::from_uuid(row.get(at.account_id)?),
        conversation_id: ConversationId::from_uuid(row.get(at.conversation_id)?),
        direction: row.parsed(at.direction)?,
        kind: row.parsed(at.kind)?,
        body: row.get(at.body)?,
        media,
        payload: row.value(at.payload).clone(),
        wamid: wamid(row, at.wamid)?,
        status: row.parsed(at.status)?,
        error,
        reply_to: row
            .get::<Option<Uuid>>(at.reply_to_id)?
            .map(MessageId::from_uuid),
        reply_to_wamid: wamid(row, at.reply_to_wamid)?,
        quoted: match at.quoted {
            Some(column) => quoted(column, row.value(column))?,
            None => None,
        },
        reactions: reactions(at.reactions, row.value(at.reactions))?,
        edited_at: row.time_opt(at.edited_at)?,
        deleted_at: row.time_opt(at.deleted_at)?,
        deleted_scope: row.parsed_opt(at.deleted_scope)?,
        sent_at: row.time(at.sent_at)?,
        created_at: row.time(at.created_at)?,
    })
}

/// The view's reactions: a JSON array of `{direction, emoji, reacted_at}`, oldest first.
fn reactions(column: &'static str, value: &Value) -> Result<Vec<Reaction>, WireError> {
    if value.is_null() {
        return Ok(Vec::new());
    }
    let items = value
        .as_array()
        .ok_or_else(|| invalid(column, "is not a JSON array"))?;
    items
        .iter()
        .map(|item| {
            let field = |name: &str| {
                item.get(name)
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(column, format!("an item lacks a text `{name}`")))
            };
            let reacted_at = item
                .get("reacted_at")
                .and_then(|at| Timestamp::deserialize(at).ok())
                .map(|at| at.0)
                .ok_or_else(|| invalid(column, "an item has an unreadable reacted_at"))?;
            Ok(Reaction {
                direction: field("direction")?
                    .parse()
                    .map_err(|_| invalid(column, "an item has an unknown direction"))?,
                emoji: field("emoji")?.to_owned(),
                reacted_at,
            })
        })
        .collect()
}

/// The quoted message from `{id, wamid, direction, kind, preview, deleted}`; `None` for null.
fn quoted(column: &'static str, value: &Value) -> Result<Option<QuotedMessage>, WireError> {
    if value.is_null() {
        return Ok(None);
    }
    let text = |name: &str| value.get(name).and_then(Value::as_str);
    let required =
        |name: &str| text(name).ok_or_else(|| invalid(column, format!("lacks a text `{name}`")));
    let id = Uuid::parse_str(required("id")?).map_err(|_| invalid(column, "has a bad `id`"))?;
    let wamid = text("wamid")
        .map(Wamid::parse)
        .transpose()
        .map_err(|_| invalid(column, "has a bad `wamid`"))?;
    Ok(Some(QuotedMessage {
        id: MessageId::from_uuid(id),
        wamid,
        direction: required("direction")?
            .parse()
            .map_err(|_| invalid(column, "has an unknown `direction`"))?,
        kind: required("kind")?
            .parse()
            .map_err(|_| invalid(column, "has an unknown `kind`"))?,
        preview: text("preview").map(str::to_owned),
        deleted: value
            .get("deleted")
            .and_then(Value::as_bool)
            .ok_or_else(|| invalid(column, "lacks a boolean `deleted`"))?,
    }))
}
