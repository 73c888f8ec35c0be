//! `ConversationList` written straight from the domain, the same bytes as `serde_json` gives
//! for the DTOs (see `json_out`); the field order is the DTOs' declaration order.

use inbox_domain::{ConversationSummary, Page};

use super::conversation::ConversationStatusDto;
use super::json_out::{JsonOut, JsonOutError, page_json};
use super::message_json::write_message;

/// Bytes per entry a list body reserves up front (an entry with its newest message is about 1 KB).
const SUMMARY_BYTES: usize = 1280;

/// The body of `GET /conversations`: a [`super::ConversationList`] as JSON.
///
/// # Errors
///
/// [`JsonOutError`] when a time cannot be shown in RFC 3339 or a payload fails to serialise.
pub fn conversation_list_json(page: &Page<ConversationSummary>) -> Result<Vec<u8>, JsonOutError> {
    page_json(page, SUMMARY_BYTES, "next_cursor", write_summary)
}

/// One entry as [`super::ConversationSummaryResponse`] serialises.
fn write_summary(out: &mut JsonOut, s: &ConversationSummary) -> Result<(), JsonOutError> {
    let c = &s.conversation;
    out.raw("{\"id\":");
    out.uuid(c.id.as_uuid());
    out.raw(",\"account_id\":");
    out.uuid(c.account_id.as_uuid());
    out.raw(",\"status\":");
    out.raw(match ConversationStatusDto::from(c.status) {
        ConversationStatusDto::Open => "\"open\"",
        ConversationStatusDto::Closed => "\"closed\"",
        ConversationStatusDto::Archived => "\"archived\"",
    });
    out.raw(",\"unread_count\":");
    out.int(i64::from(c.unread_count));
    out.raw(",\"favorite\":");
    out.bool(c.favorite);
    out.raw(",\"bot_mode\":");
    out.bool(c.bot_mode);
    out.raw(",\"last_message_at\":");
    out.time(c.last_message_at)?;
    out.raw(",\"last_inbound_at\":");
    out.opt_time(c.last_inbound_at)?;
    out.raw(",\"created_at\":");
    out.time(c.created_at)?;
    let contact = &s.contact;
    out.raw(",\"contact\":{\"id\":");
    out.uuid(contact.id.as_uuid());
    out.raw(",\"wa_id\":");
    out.opt_str(contact.wa_id.as_ref().map(|w| w.as_str()));
    out.raw(",\"bsuid\":");
    out.opt_str(contact.bsuid.as_deref());
    out.raw(",\"profile_name\":");
    out.opt_str(contact.profile_name.as_deref());
    out.raw(",\"display_name\":");
    out.opt_str(contact.display_name.as_deref());
    out.raw("},\"last_message\":");
    match &s.last_message {
        Some(message) => write_message(out, message)?,
        None => out.null(),
    }
    out.raw("}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use inbox_domain::{
        AccountId, ContactCard, ContactId, Conversation, ConversationId, ConversationStatus,
        Cursor, WaId,
    };
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;
    use crate::dto::ConversationList;
    use crate::dto::message_json::tests::{full_message, plain_message};

    fn summary(status: ConversationStatus) -> ConversationSummary {
        let account_id = AccountId::from_uuid(Uuid::now_v7());
        let contact_id = ContactId::from_uuid(Uuid::now_v7());
        ConversationSummary {
            conversation: Conversation {
                id: ConversationId::from_uuid(Uuid::now_v7()),
                account_id,
                contact_id,
                status,
                unread_count: i32::MAX,
                favorite: true,
                bot_mode: false,
                last_message_at: datetime!(2025-05-31 23:43:05.530519 UTC),
                last_message_id: None,
                last_inbound_at: None,
                created_at: datetime!(2025-05-30 11:17:00.202652 +05:45),
            },
            contact: ContactCard {
                id: contact_id,
                wa_id: None,
                bsuid: Some("US.1234\\5".to_owned()),
                profile_name: Some("Rosa \"Sato\" 🌹".to_owned()),
                display_name: None,
            },
            last_message: None,
        }
    }

    #[test]
    fn lists_write_the_same_bytes_as_serde_json_of_the_dto() {
        let with_everything = ConversationSummary {
            last_message: Some(full_message()),
            ..summary(ConversationStatus::Closed)
        };
        let mut with_phone = summary(ConversationStatus::Open);
        with_phone.contact.wa_id = Some(WaId::parse("491500001898").unwrap());
        with_phone.contact.display_name = Some("Rosa".to_owned());
        with_phone.conversation.last_inbound_at = Some(datetime!(2025-05-31 23:43:05 UTC));
        with_phone.conversation.unread_count = -3;
        with_phone.conversation.bot_mode = true;
        with_phone.last_message = Some(plain_message());
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
                items: vec![
                    with_phone,
                    summary(ConversationStatus::Archived),
                    with_everything,
                ],
                next,
            },
        ] {
            let expected = serde_json::to_vec(&ConversationList::from(&page)).unwrap();
            assert_eq!(
                String::from_utf8(conversation_list_json(&page).unwrap()).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
