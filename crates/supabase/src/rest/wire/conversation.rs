//! Conversations from `conversations` rows, and summaries from `inbox_conversation_summaries`
//! rows (the conversation, its contact, its newest message).

use uuid::Uuid;

use inbox_domain::{
    AccountId, Contact, ContactId, Conversation, ConversationId, ConversationSummary, MessageId,
    WaId,
};

use super::message::LAST_MESSAGE;
use super::{JsonRow, WireError, message, parse};

/// The columns `conversation` reads.
pub(crate) const CONVERSATION_COLUMNS: &str = "id,account_id,contact_id,status,unread_count,\
     favorite,bot_mode,last_message_at,last_message_id,last_inbound_at,created_at";

/// The columns of `inbox_conversation_summaries` that `summary` reads.
pub(crate) const SUMMARY_COLUMNS: &str = "id,account_id,contact_id,status,unread_count,\
     favorite,bot_mode,last_message_at,last_message_id,last_inbound_at,created_at,\
     contact_wa_id,contact_bsuid,contact_profile_name,contact_created_at,contact_updated_at,\
     lm_direction,lm_kind,lm_body,lm_media,lm_payload,lm_wamid,lm_status,lm_error_code,\
     lm_error_title,lm_error_details,lm_reply_to_id,lm_reply_to_wamid,lm_reactions,\
     lm_edited_at,lm_deleted_at,lm_sent_at,lm_created_at,lm_deleted_scope,contact_display_name,\
     contact_notes,contact_tags";

/// A conversation, from a `conversations` row or the conversation part of a summary row.
pub(crate) fn conversation(row: &JsonRow) -> Result<Conversation, WireError> {
    Ok(Conversation {
        id: ConversationId::from_uuid(row.get("id")?),
        account_id: AccountId::from_uuid(row.get("account_id")?),
        contact_id: ContactId::from_uuid(row.get("contact_id")?),
        status: row.parsed("status")?,
        unread_count: row.get("unread_count")?,
        favorite: row.get("favorite")?,
        bot_mode: row.get("bot_mode")?,
        last_message_at: row.time("last_message_at")?,
        last_message_id: row
            .get::<Option<Uuid>>("last_message_id")?
            .map(MessageId::from_uuid),
        last_inbound_at: row.time_opt("last_inbound_at")?,
        created_at: row.time("created_at")?,
    })
}

/// The contact part of a summary row.
fn summary_contact(row: &JsonRow) -> Result<Contact, WireError> {
    Ok(Contact {
        id: ContactId::from_uuid(row.get("contact_id")?),
        account_id: AccountId::from_uuid(row.get("account_id")?),
        wa_id: row
            .get::<Option<&str>>("contact_wa_id")?
            .map(|text| parse("contact_wa_id", text, WaId::parse))
            .transpose()?,
        bsuid: row.get("contact_bsuid")?,
        profile_name: row.get("contact_profile_name")?,
        display_name: row.get("contact_display_name")?,
        notes: row.get("contact_notes")?,
        tags: row.get("contact_tags")?,
        created_at: row.time("contact_created_at")?,
        updated_at: row.time("contact_updated_at")?,
    })
}

/// An `inbox_conversation_summaries` row; `last_message` absent when the conversation is empty.
pub(crate) fn summary(row: &JsonRow) -> Result<ConversationSummary, WireError> {
    let last_message = if row.value("lm_direction").is_null() {
        None
    } else {
        Some(message(row, &LAST_MESSAGE)?)
    };
    Ok(ConversationSummary {
        contact: summary_contact(row)?,
        conversation: conversation(row)?,
        last_message,
    })
}
