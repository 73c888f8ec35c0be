//! Row → `Message` mapping, for `inbox_messages` rows and the `lm_*` part of summary rows.

use inbox_domain::{
    AccountId, ConversationId, MediaRef, Message, MessageId, MetaError, Reaction, Wamid,
};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use tokio_postgres::Row;
use uuid::Uuid;

use super::col::Col;
use super::quoted::quoted;
use super::{RowError, invalid};

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

/// The columns of [`MessageColumns`], found in the rows of one result.
pub(crate) struct MessageAt {
    id: Col,
    account_id: Col,
    conversation_id: Col,
    direction: Col,
    kind: Col,
    body: Col,
    media: Col,
    payload: Col,
    wamid: Col,
    status: Col,
    error_code: Col,
    error_title: Col,
    error_details: Col,
    reply_to_id: Col,
    reply_to_wamid: Col,
    reactions: Col,
    edited_at: Col,
    deleted_at: Col,
    deleted_scope: Col,
    quoted: Option<Col>,
    sent_at: Col,
    created_at: Col,
}

impl MessageColumns {
    /// Finds these columns in `row`; the positions hold for every row of its result.
    pub(crate) fn find(&self, row: &Row) -> Result<MessageAt, RowError> {
        let col = |name| Col::find(row, name);
        Ok(MessageAt {
            id: col(self.id)?,
            account_id: col(self.account_id)?,
            conversation_id: col(self.conversation_id)?,
            direction: col(self.direction)?,
            kind: col(self.kind)?,
            body: col(self.body)?,
            media: col(self.media)?,
            payload: col(self.payload)?,
            wamid: col(self.wamid)?,
            status: col(self.status)?,
            error_code: col(self.error_code)?,
            error_title: col(self.error_title)?,
            error_details: col(self.error_details)?,
            reply_to_id: col(self.reply_to_id)?,
            reply_to_wamid: col(self.reply_to_wamid)?,
            reactions: col(self.reactions)?,
            edited_at: col(self.edited_at)?,
            deleted_at: col(self.deleted_at)?,
            deleted_scope: col(self.deleted_scope)?,
            quoted: self.quoted.map(col).transpose()?,
            sent_at: col(self.sent_at)?,
            created_at: col(self.created_at)?,
        })
    }
}

/// A message from the columns `at` names.
pub(crate) fn message(row: &Row, at: &MessageColumns) -> Result<Message, RowError> {
    message_at(row, &at.find(row)?)
}

/// A message from columns already found in this row's result.
pub(crate) fn message_at(row: &Row, at: &MessageAt) -> Result<Message, RowError> {
    let media = at
        .media
        .get::<Option<Value>>(row)?
        .map(|value| {
            serde_json::from_value::<MediaRef>(value)
                .map_err(|_| invalid(at.media.name(), "is not a media reference"))
        })
        .transpose()?;
    let error_code: Option<i64> = at.error_code.get(row)?;
    let error_title: Option<String> = at.error_title.get(row)?;
    let error = match (error_code, error_title) {
        (Some(code), Some(title)) => Some(MetaError {
            code,
            title,
            details: at.error_details.get(row)?,
        }),
        _ => None,
    };
    Ok(Message {
        id: MessageId::from_uuid(at.id.get(row)?),
        account_id: AccountId::from_uuid(at.account_id.get(row)?),
        conversation_id: ConversationId::from_uuid(at.conversation_id.get(row)?),
        direction: at.direction.parse(row, str::parse)?,
        kind: at.kind.parse(row, str::parse)?,
        body: at.body.get(row)?,
        media,
        payload: at.payload.get(row)?,
        wamid: at.wamid.parse_opt(row, Wamid::parse)?,
        status: at.status.parse(row, str::parse)?,
        error,
        reply_to: at
            .reply_to_id
            .get::<Option<Uuid>>(row)?
            .map(MessageId::from_uuid),
        reply_to_wamid: at.reply_to_wamid.parse_opt(row, Wamid::parse)?,
        quoted: match at.quoted {
            Some(column) => quoted(column.name(), column.get::<Option<Value>>(row)?)?,
            None => None,
        },
        reactions: reactions(at.reactions.name(), at.reactions.get::<Option<Value>>(row)?)?,
        edited_at: at.edited_at.get(row)?,
        deleted_at: at.deleted_at.get(row)?,
        deleted_scope: at.deleted_scope.parse_opt(row, str::parse)?,
        sent_at: at.sent_at.get(row)?,
        created_at: at.created_at.get(row)?,
    })
}

/// The view's reactions: a JSON array of `{direction, emoji, reacted_at}`, oldest first.
fn reactions(column: &'static str, value: Option<Value>) -> Result<Vec<Reaction>, RowError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
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
            Ok(Reaction {
                direction: field("direction")?
                    .parse()
                    .map_err(|_| invalid(column, "an item has an unknown direction"))?,
                emoji: field("emoji")?.to_owned(),
                reacted_at: json_timestamp(field("reacted_at")?)
                    .ok_or_else(|| invalid(column, "an item has an unreadable reacted_at"))?,
            })
        })
        .collect()
}

/// PostgreSQL's JSON form of a `timestamptz`: ISO 8601 with fractional seconds trimmed and an
/// offset of `±HH:MM`, or `±HH:MM:SS` in zones with second offsets.
const JSON_TIMESTAMP: &[BorrowedFormatItem<'static>] = format_description!(
    version = 2,
    "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]][offset_hour sign:mandatory]:[offset_minute][optional [:[offset_second]]]"
);

fn json_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, JSON_TIMESTAMP).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_timestamps_of_every_shape_parse_to_the_same_instant() {
        let utc = json_timestamp("2024-05-01T10:00:00.123456+00:00").unwrap();
        assert_eq!(utc.unix_timestamp_nanos(), 1_714_557_600_123_456_000);
        assert_eq!(
            json_timestamp("2024-05-01T12:00:00.123456+02:00"),
            Some(utc)
        );
        assert!(json_timestamp("2024-05-01T10:00:00+00:00").is_some());
        assert!(json_timestamp("1890-05-01T10:00:00-00:09:21").is_some());
        assert!(json_timestamp("yesterday").is_none());
    }

    #[test]
    fn reactions_keep_their_order_and_reject_garbage() {
        let value = serde_json::json!([
            {"direction": "inbound", "emoji": "👍", "reacted_at": "2024-05-01T10:00:00+00:00"},
            {"direction": "outbound", "emoji": "❤", "reacted_at": "2024-05-01T10:00:01.5+00:00"}
        ]);
        let parsed = reactions("reactions", Some(value)).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].emoji, "❤");
        assert!(reactions("reactions", Some(serde_json::json!({}))).is_err());
        assert!(reactions("reactions", Some(serde_json::json!([{"emoji": "x"}]))).is_err());
        assert!(reactions("reactions", None).unwrap().is_empty());
    }
}
