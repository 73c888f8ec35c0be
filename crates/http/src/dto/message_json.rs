//! `MessageResponse` and `MessagePage` written straight from the domain, the same bytes as
//! `serde_json` gives for the DTOs (see `json_out`); the field order is the DTOs' declaration order.

use inbox_domain::{Message, Page};

use super::json_out::{JsonOut, JsonOutError, page_json};
use super::message::{DeleteScopeDto, DirectionDto, MessageStatusDto};

/// Bytes per message a page body reserves up front (a text message is about 600).
const MESSAGE_BYTES: usize = 768;

/// The body of `GET /conversations/{id}/messages`: a [`super::MessagePage`] as JSON.
///
/// # Errors
///
/// [`JsonOutError`] when a time cannot be shown in RFC 3339 or a payload fails to serialise.
pub fn message_page_json(page: &Page<Message>) -> Result<Vec<u8>, JsonOutError> {
    page_json(page, MESSAGE_BYTES, "next_before", write_message)
}

/// One message as [`super::MessageResponse`] serialises.
pub(crate) fn write_message(out: &mut JsonOut, m: &Message) -> Result<(), JsonOutError> {
    out.raw("{\"id\":");
    out.uuid(m.id.as_uuid());
    out.raw(",\"conversation_id\":");
    out.uuid(m.conversation_id.as_uuid());
    out.raw(",\"account_id\":");
    out.uuid(m.account_id.as_uuid());
    out.raw(",\"direction\":");
    out.raw(direction(m.direction.into()));
    out.raw(",\"kind\":");
    out.str(m.kind.as_str());
    out.raw(",\"body\":");
    out.opt_str(m.body.as_deref());
    out.raw(",\"media\":");
    match &m.media {
        Some(media) => {
            out.raw("{\"meta_media_id\":");
            out.opt_str(media.meta_media_id.as_deref());
            out.raw(",\"mime_type\":");
            out.opt_str(media.mime_type.as_deref());
            out.raw(",\"sha256\":");
            out.opt_str(media.sha256.as_deref());
            out.raw(",\"filename\":");
            out.opt_str(media.filename.as_deref());
            out.raw("}");
        }
        None => out.null(),
    }
    out.raw(",\"payload\":");
    out.value(&m.payload)?;
    out.raw(",\"wamid\":");
    out.opt_str(m.wamid.as_ref().map(|w| w.as_str()));
    out.raw(",\"status\":");
    out.raw(status(m.status.into()));
    out.raw(",\"error\":");
    match &m.error {
        Some(error) => {
            out.raw("{\"code\":");
            out.int(error.code);
            out.raw(",\"title\":");
            out.str(&error.title);
            out.raw(",\"details\":");
            out.opt_str(error.details.as_deref());
            out.raw("}");
        }
        None => out.null(),
    }
    out.raw(",\"reply_to\":");
    out.opt_uuid(m.reply_to.map(|id| id.as_uuid()));
    out.raw(",\"reply_to_wamid\":");
    out.opt_str(m.reply_to_wamid.as_ref().map(|w| w.as_str()));
    out.raw(",\"quoted\":");
    match &m.quoted {
        Some(q) => {
            out.raw("{\"id\":");
            out.uuid(q.id.as_uuid());
            out.raw(",\"wamid\":");
            out.opt_str(q.wamid.as_ref().map(|w| w.as_str()));
            out.raw(",\"direction\":");
            out.raw(direction(q.direction.into()));
            out.raw(",\"kind\":");
            out.str(q.kind.as_str());
            out.raw(",\"preview\":");
            out.opt_str(q.preview.as_deref());
            out.raw(",\"deleted\":");
            out.bool(q.deleted);
            out.raw("}");
        }
        None => out.null(),
    }
    out.raw(",\"reactions\":[");
    for (i, r) in m.reactions.iter().enumerate() {
        out.raw(if i > 0 {
            ",{\"direction\":"
        } else {
            "{\"direction\":"
        });
        out.raw(direction(r.direction.into()));
        out.raw(",\"emoji\":");
        out.str(&r.emoji);
        out.raw(",\"reacted_at\":");
        out.time(r.reacted_at)?;
        out.raw("}");
    }
    out.raw("],\"edited_at\":");
    out.opt_time(m.edited_at)?;
    out.raw(",\"deleted_at\":");
    out.opt_time(m.deleted_at)?;
    out.raw(",\"deleted_scope\":");
    match m.deleted_scope.map(DeleteScopeDto::from) {
        Some(DeleteScopeDto::Me) => out.raw("\"me\""),
        Some(DeleteScopeDto::Everyone) => out.raw("\"everyone\""),
        None => out.null(),
    }
    out.raw(",\"sent_at\":");
    out.time(m.sent_at)?;
    out.raw(",\"created_at\":");
    out.time(m.created_at)?;
    out.raw("}");
    Ok(())
}

/// The JSON string a direction serialises to.
fn direction(d: DirectionDto) -> &'static str {
    match d {
        DirectionDto::Inbound => "\"inbound\"",
        DirectionDto::Outbound => "\"outbound\"",
    }
}

/// The JSON string a delivery status serialises to.
fn status(s: MessageStatusDto) -> &'static str {
    match s {
        MessageStatusDto::Pending => "\"pending\"",
        MessageStatusDto::Sent => "\"sent\"",
        MessageStatusDto::Delivered => "\"delivered\"",
        MessageStatusDto::Read => "\"read\"",
        MessageStatusDto::Failed => "\"failed\"",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use inbox_domain::{
        AccountId, ConversationId, Cursor, DeleteScope, Direction, MediaRef, MessageId,
        MessageKind, MessageStatus, MetaError, QuotedMessage, Reaction, Wamid,
    };
    use serde_json::json;
    use time::OffsetDateTime;
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;
    use crate::dto::MessagePage;

    /// A plain text message: nothing optional set.
    pub(crate) fn plain_message() -> Message {
        Message {
            id: MessageId::from_uuid(Uuid::now_v7()),
            account_id: AccountId::from_uuid(Uuid::now_v7()),
            conversation_id: ConversationId::from_uuid(Uuid::now_v7()),
            direction: Direction::Inbound,
            kind: MessageKind::Text,
            body: Some("Hello \"there\"\n\\ é 👍 \u{1}".to_owned()),
            media: None,
            payload: json!({}),
            wamid: None,
            status: MessageStatus::Pending,
            error: None,
            reply_to: None,
            reply_to_wamid: None,
            quoted: None,
            reactions: Vec::new(),
            edited_at: None,
            deleted_at: None,
            deleted_scope: None,
            sent_at: datetime!(2025-05-31 23:43:05.530519 UTC),
            created_at: datetime!(2025-05-31 23:43:05 +02:00),
        }
    }

    /// Every optional part set, every enum in another variant.
    pub(crate) fn full_message() -> Message {
        let wamid = |s: &str| Wamid::parse(s).unwrap();
        Message {
            direction: Direction::Outbound,
            kind: MessageKind::Document,
            body: None,
            media: Some(MediaRef {
                meta_media_id: Some("1000".to_owned()),
                storage_key: Some("not/on/the/wire".to_owned()),
                mime_type: Some("application/pdf".to_owned()),
                sha256: None,
                filename: Some("in\"voice\".pdf".to_owned()),
            }),
            payload: json!({"z": [1, 2.5, null, true], "a": {"nested": "\u{7}"}}),
            wamid: Some(wamid("wamid.B0016v7f")),
            status: MessageStatus::Failed,
            error: Some(MetaError {
                code: 131_047,
                title: "Re-engagement message".to_owned(),
                details: Some("More than 24 hours".to_owned()),
            }),
            reply_to: Some(MessageId::from_uuid(Uuid::now_v7())),
            reply_to_wamid: Some(wamid("wamid.B000xo4e")),
            quoted: Some(QuotedMessage {
                id: MessageId::from_uuid(Uuid::now_v7()),
                wamid: None,
                direction: Direction::Inbound,
                kind: MessageKind::Image,
                preview: Some("a \"photo\"".to_owned()),
                deleted: true,
            }),
            reactions: vec![
                Reaction {
                    direction: Direction::Inbound,
                    emoji: "👍".to_owned(),
                    reacted_at: datetime!(2024-05-01 10:00 UTC),
                },
                Reaction {
                    direction: Direction::Outbound,
                    emoji: "❤".to_owned(),
                    reacted_at: datetime!(2024-05-01 10:00:01.5 -03:30),
                },
            ],
            edited_at: Some(OffsetDateTime::UNIX_EPOCH),
            deleted_at: Some(datetime!(2025-01-01 0:00:00.000000001 UTC)),
            deleted_scope: Some(DeleteScope::Everyone),
            ..plain_message()
        }
    }

    #[test]
    fn every_status_and_scope_writes_what_serde_writes() {
        let statuses = [
            MessageStatus::Pending,
            MessageStatus::Sent,
            MessageStatus::Delivered,
            MessageStatus::Read,
            MessageStatus::Failed,
        ];
        let items = statuses
            .into_iter()
            .map(|status| Message {
                status,
                deleted_scope: Some(DeleteScope::Me),
                ..full_message()
            })
            .collect();
        let page = Page { items, next: None };
        let expected = serde_json::to_vec(&MessagePage::from(&page)).unwrap();
        assert_eq!(
            String::from_utf8(message_page_json(&page).unwrap()).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn pages_write_the_same_bytes_as_serde_json_of_the_dto() {
        let next = Some(Cursor {
            at: datetime!(2025-05-31 23:43:05.530519 UTC),
            id: Uuid::now_v7(),
        });
        for page in [
            Page {
                items: Vec::new(),
                next: None,
            },
            Page {
                items: vec![plain_message(), full_message(), plain_message()],
                next,
            },
        ] {
            let expected = serde_json::to_vec(&MessagePage::from(&page)).unwrap();
            assert_eq!(
                String::from_utf8(message_page_json(&page).unwrap()).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
