//! The shared decoders over a plain JSON object, the simplest `StoredRow`.

use std::borrow::Cow;

use inbox_domain::{ConversationStatus, Direction, MessageStatus};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::{InvalidValue, LAST_MESSAGE, MESSAGE, SUMMARY, StoredRow, message, summary};

/// A row as a JSON object; an unreadable column is an `InvalidValue` too.
struct MapRow(Map<String, Value>);

impl MapRow {
    fn get<'a, T: Deserialize<'a>>(&'a self, column: &'static str) -> Result<T, InvalidValue> {
        T::deserialize(self.0.get(column).unwrap_or(&Value::Null))
            .map_err(|_| InvalidValue::new(column, "unreadable"))
    }
}

impl StoredRow for MapRow {
    type Column = &'static str;
    type Error = InvalidValue;

    fn name(column: &'static str) -> &'static str {
        column
    }
    fn uuid(&self, column: &'static str) -> Result<Uuid, InvalidValue> {
        self.get(column)
    }
    fn uuid_opt(&self, column: &'static str) -> Result<Option<Uuid>, InvalidValue> {
        self.get(column)
    }
    fn text(&self, column: &'static str) -> Result<&str, InvalidValue> {
        self.get(column)
    }
    fn text_opt(&self, column: &'static str) -> Result<Option<&str>, InvalidValue> {
        self.get(column)
    }
    fn texts(&self, column: &'static str) -> Result<Vec<String>, InvalidValue> {
        self.get(column)
    }
    fn flag(&self, column: &'static str) -> Result<bool, InvalidValue> {
        self.get(column)
    }
    fn int(&self, column: &'static str) -> Result<i32, InvalidValue> {
        self.get(column)
    }
    fn bigint_opt(&self, column: &'static str) -> Result<Option<i64>, InvalidValue> {
        self.get(column)
    }
    fn json(&self, column: &'static str) -> Result<Option<Cow<'_, Value>>, InvalidValue> {
        Ok(self
            .0
            .get(column)
            .filter(|v| !v.is_null())
            .map(Cow::Borrowed))
    }
    fn time(&self, column: &'static str) -> Result<OffsetDateTime, InvalidValue> {
        OffsetDateTime::parse(self.get(column)?, &Rfc3339)
            .map_err(|_| InvalidValue::new(column, "unreadable"))
    }
    fn time_opt(&self, column: &'static str) -> Result<Option<OffsetDateTime>, InvalidValue> {
        match self.get::<Option<&str>>(column)? {
            Some(_) => self.time(column).map(Some),
            None => Ok(None),
        }
    }
}

fn row(value: Value) -> MapRow {
    match value {
        Value::Object(map) => MapRow(map),
        other => panic!("not an object: {other}"),
    }
}

fn stored_message() -> Value {
    json!({
        "id": Uuid::now_v7(), "account_id": Uuid::now_v7(), "conversation_id": Uuid::now_v7(),
        "direction": "outbound", "kind": "text", "body": "hi", "media": null, "payload": {},
        "wamid": "wamid.1", "status": "failed", "error_code": 131047,
        "error_title": "Re-engagement message", "error_details": null, "reply_to_id": null,
        "reply_to_wamid": null, "reactions": [], "edited_at": null, "deleted_at": null,
        "deleted_scope": null, "quoted": null,
        "sent_at": "2024-05-01T10:00:00Z", "created_at": "2024-05-01T10:00:01Z"
    })
}

#[test]
fn a_stored_message_reads_with_its_meta_error() {
    let message = message(&row(stored_message()), &MESSAGE).unwrap();
    assert_eq!(message.direction, Direction::Outbound);
    assert_eq!(message.status, MessageStatus::Failed);
    assert_eq!(message.body.as_deref(), Some("hi"));
    let error = message.error.unwrap();
    assert_eq!((error.code, error.details), (131047, None));
}

#[test]
fn meta_error_needs_both_code_and_title() {
    let mut value = stored_message();
    value["error_title"] = Value::Null;
    assert_eq!(message(&row(value), &MESSAGE).unwrap().error, None);
}

#[test]
fn an_unknown_stored_enum_names_its_column() {
    let mut value = stored_message();
    value["kind"] = json!("hologram");
    assert_eq!(message(&row(value), &MESSAGE).unwrap_err().column, "kind");
}

#[test]
fn a_summary_has_a_last_message_exactly_when_lm_direction_is_set() {
    let mut value = json!({
        "id": Uuid::now_v7(), "account_id": Uuid::now_v7(), "contact_id": Uuid::now_v7(),
        "status": "open", "unread_count": 2, "favorite": false, "bot_mode": false,
        "last_message_at": "2024-05-01T10:00:00Z", "last_message_id": null,
        "last_inbound_at": null, "created_at": "2024-05-01T09:00:00Z",
        "contact_wa_id": null, "contact_bsuid": "US.1", "contact_profile_name": null,
        "contact_display_name": null
    });
    let empty = summary(&row(value.clone()), &SUMMARY).unwrap();
    assert_eq!(empty.conversation.status, ConversationStatus::Open);
    assert_eq!(empty.contact.bsuid.as_deref(), Some("US.1"));
    assert!(empty.last_message.is_none());
    let last = stored_message();
    for (name, column) in [
        ("id", LAST_MESSAGE.id),
        ("direction", LAST_MESSAGE.direction),
        ("kind", LAST_MESSAGE.kind),
        ("payload", LAST_MESSAGE.payload),
        ("status", LAST_MESSAGE.status),
        ("reactions", LAST_MESSAGE.reactions),
        ("sent_at", LAST_MESSAGE.sent_at),
        ("created_at", LAST_MESSAGE.created_at),
    ] {
        value[column] = last[name].clone();
    }
    let full = summary(&row(value), &SUMMARY).unwrap();
    let newest = full.last_message.unwrap();
    assert_eq!(newest.conversation_id, full.conversation.id);
    assert!(newest.quoted.is_none() && newest.error.is_none());
}
