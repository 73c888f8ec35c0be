//! The JSON columns of `inbox_messages`: the media reference, the compact quoted message and the
//! reactions, in the shapes the views build them.

use std::borrow::Cow;

use inbox_domain::{MediaRef, MessageId, QuotedMessage, Reaction, Wamid};
use serde::Deserialize;
use serde_json::Value;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use super::InvalidValue;

/// The stored media reference; `None` for NULL. A value the adapter owns is taken apart, its
/// strings moved rather than copied.
pub(super) fn media(
    column: &'static str,
    value: Option<Cow<'_, Value>>,
) -> Result<Option<MediaRef>, InvalidValue> {
    let media = match value {
        None | Some(Cow::Borrowed(Value::Null) | Cow::Owned(Value::Null)) => return Ok(None),
        Some(Cow::Borrowed(value)) => MediaRef::deserialize(value),
        Some(Cow::Owned(value)) => serde_json::from_value(value),
    };
    media
        .map(Some)
        .map_err(|_| InvalidValue::new(column, "is not a media reference"))
}

/// The quoted message from `{id, wamid, direction, kind, preview, deleted}`; `None` for NULL.
pub(super) fn quoted(
    column: &'static str,
    value: Option<&Value>,
) -> Result<Option<QuotedMessage>, InvalidValue> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    let invalid = |reason: &str| InvalidValue::new(column, reason);
    let text = |name: &str| value.get(name).and_then(Value::as_str);
    let required = |name: &str| {
        text(name).ok_or_else(|| InvalidValue::new(column, format!("lacks a text `{name}`")))
    };
    let id = Uuid::parse_str(required("id")?).map_err(|_| invalid("has a bad `id`"))?;
    let wamid = text("wamid")
        .map(Wamid::parse)
        .transpose()
        .map_err(|_| invalid("has a bad `wamid`"))?;
    Ok(Some(QuotedMessage {
        id: MessageId::from_uuid(id),
        wamid,
        direction: required("direction")?
            .parse()
            .map_err(|_| invalid("has an unknown `direction`"))?,
        kind: required("kind")?
            .parse()
            .map_err(|_| invalid("has an unknown `kind`"))?,
        preview: text("preview").map(str::to_owned),
        deleted: value
            .get("deleted")
            .and_then(Value::as_bool)
            .ok_or_else(|| invalid("lacks a boolean `deleted`"))?,
    }))
}

/// The view's reactions: a JSON array of `{direction, emoji, reacted_at}`, oldest first; none
/// for NULL.
pub(super) fn reactions(
    column: &'static str,
    value: Option<&Value>,
) -> Result<Vec<Reaction>, InvalidValue> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok(Vec::new());
    };
    let items = value
        .as_array()
        .ok_or_else(|| InvalidValue::new(column, "is not a JSON array"))?;
    items
        .iter()
        .map(|item| {
            let field = |name: &str| {
                item.get(name).and_then(Value::as_str).ok_or_else(|| {
                    InvalidValue::new(column, format!("an item lacks a text `{name}`"))
                })
            };
            Ok(Reaction {
                direction: field("direction")?
                    .parse()
                    .map_err(|_| InvalidValue::new(column, "an item has an unknown direction"))?,
                emoji: field("emoji")?.to_owned(),
                reacted_at: json_timestamp(field("reacted_at")?).ok_or_else(|| {
                    InvalidValue::new(column, "an item has an unreadable reacted_at")
                })?,
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

/// A time inside a JSON column, in UTC like every other stored time; RFC 3339 is accepted too
/// (a `Z` offset), should a view ever format one itself.
fn json_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, JSON_TIMESTAMP)
        .or_else(|_| OffsetDateTime::parse(text, &Rfc3339))
        .ok()
        .map(|at| at.to_offset(UtcOffset::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;
    use inbox_domain::{Direction, MessageKind};
    use serde_json::json;

    #[test]
    fn json_timestamps_of_every_shape_parse_to_the_same_instant_in_utc() {
        let utc = json_timestamp("2024-05-01T10:00:00.123456+00:00").unwrap();
        assert_eq!(utc.unix_timestamp_nanos(), 1_714_557_600_123_456_000);
        let zoned = json_timestamp("2024-05-01T12:00:00.123456+02:00").unwrap();
        assert_eq!(zoned, utc);
        assert_eq!(zoned.offset(), UtcOffset::UTC);
        assert!(json_timestamp("2024-05-01T10:00:00+00:00").is_some());
        assert!(json_timestamp("2024-05-01T10:00:00Z").is_some());
        assert!(json_timestamp("1890-05-01T10:00:00-00:09:21").is_some());
        assert!(json_timestamp("yesterday").is_none());
    }

    #[test]
    fn reactions_keep_their_order_and_reject_garbage() {
        let value = json!([
            {"direction": "inbound", "emoji": "👍", "reacted_at": "2024-05-01T10:00:00+00:00"},
            {"direction": "outbound", "emoji": "❤", "reacted_at": "2024-05-01T10:00:01.5+00:00"}
        ]);
        let parsed = reactions("reactions", Some(&value)).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].emoji, "❤");
        assert!(reactions("reactions", Some(&json!({}))).is_err());
        assert!(reactions("reactions", Some(&json!([{"emoji": "x"}]))).is_err());
        assert!(reactions("reactions", None).unwrap().is_empty());
        assert!(
            reactions("reactions", Some(&Value::Null))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_quote_reads_with_or_without_wamid_and_preview() {
        let id = Uuid::now_v7();
        let full = json!({"id": id, "wamid": "wamid.abc", "direction": "inbound",
                          "kind": "text", "preview": "hi", "deleted": false});
        let quote = quoted("quoted", Some(&full)).unwrap().unwrap();
        assert_eq!(quote.id, MessageId::from_uuid(id));
        assert_eq!(quote.direction, Direction::Inbound);
        assert_eq!(quote.kind, MessageKind::Text);
        assert_eq!(quote.preview.as_deref(), Some("hi"));
        let bare = json!({"id": id, "wamid": null, "direction": "outbound", "kind": "image",
                          "preview": null, "deleted": true});
        let quote = quoted("quoted", Some(&bare)).unwrap().unwrap();
        assert!(quote.deleted && quote.wamid.is_none() && quote.preview.is_none());
        assert!(quoted("quoted", None).unwrap().is_none());
    }

    #[test]
    fn a_broken_quote_is_an_error_naming_the_column() {
        for bad in [
            json!({}),
            json!({"id": "x", "direction": "inbound", "kind": "text", "deleted": false}),
        ] {
            assert_eq!(quoted("quoted", Some(&bad)).unwrap_err().column, "quoted");
        }
    }

    #[test]
    fn a_media_reference_that_does_not_parse_is_an_error() {
        assert!(media("media", None).unwrap().is_none());
        assert!(
            media("media", Some(Cow::Owned(Value::Null)))
                .unwrap()
                .is_none()
        );
        let stored = json!({"mime_type": "image/jpeg"});
        let owned = media("media", Some(Cow::Owned(stored.clone()))).unwrap();
        assert_eq!(media("media", Some(Cow::Borrowed(&stored))).unwrap(), owned);
        assert_eq!(owned.unwrap().mime_type.as_deref(), Some("image/jpeg"));
        let broken = media("media", Some(Cow::Owned(json!(7))));
        assert_eq!(broken.unwrap_err().column, "media");
    }
}
