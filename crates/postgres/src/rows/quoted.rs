//! The `quoted` column of `inbox_messages`: the compact form of a quoted message, as JSON.

use inbox_domain::{MessageId, QuotedMessage, Wamid};
use serde_json::Value;
use uuid::Uuid;

use super::{RowError, invalid};

/// The quoted message from `{id, wamid, direction, kind, preview, deleted}`; `None` for SQL NULL.
pub(super) fn quoted(
    column: &'static str,
    value: Option<Value>,
) -> Result<Option<QuotedMessage>, RowError> {
    let Some(value) = value else {
        return Ok(None);
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use inbox_domain::{Direction, MessageKind};
    use serde_json::json;

    #[test]
    fn a_quote_reads_with_or_without_wamid_and_preview() {
        let id = Uuid::now_v7();
        let full = json!({"id": id, "wamid": "wamid.abc", "direction": "inbound",
                          "kind": "text", "preview": "hi", "deleted": false});
        let quote = quoted("quoted", Some(full)).unwrap().unwrap();
        assert_eq!(quote.id, MessageId::from_uuid(id));
        assert_eq!(quote.direction, Direction::Inbound);
        assert_eq!(quote.kind, MessageKind::Text);
        assert_eq!(quote.preview.as_deref(), Some("hi"));
        let bare = json!({"id": id, "wamid": null, "direction": "outbound", "kind": "image",
                          "preview": null, "deleted": true});
        let quote = quoted("quoted", Some(bare)).unwrap().unwrap();
        assert!(quote.deleted && quote.wamid.is_none() && quote.preview.is_none());
        assert!(quoted("quoted", None).unwrap().is_none());
    }

    #[test]
    fn a_broken_quote_is_an_error() {
        for bad in [
            json!({}),
            json!({"id": "x", "direction": "inbound", "kind": "text",
                                      "deleted": false}),
        ] {
            assert!(quoted("quoted", Some(bad)).is_err());
        }
    }
}
