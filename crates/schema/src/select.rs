//! The select lists of the rows `stored` decodes, as string literals (macros, so an adapter can
//! `concat!` them into a statement at compile time): every column the decoder reads, once.

/// The columns of `inbox_messages` that `stored::message` reads with `MESSAGE`.
#[macro_export]
macro_rules! message_columns {
    () => {
        "id,account_id,conversation_id,direction,kind,body,media,payload,wamid,status,\
         error_code,error_title,error_details,reply_to_id,reply_to_wamid,reactions,edited_at,\
         deleted_at,sent_at,created_at,deleted_scope,quoted"
    };
}

/// The columns of `conversations` that `stored::conversation` reads with `CONVERSATION`.
#[macro_export]
macro_rules! conversation_columns {
    () => {
        "id,account_id,contact_id,status,unread_count,favorite,bot_mode,last_message_at,\
         last_message_id,last_inbound_at,created_at"
    };
}

/// The columns of `inbox_conversation_summaries` that `stored::summary` reads with `SUMMARY`.
#[macro_export]
macro_rules! summary_columns {
    () => {
        "id,account_id,contact_id,status,unread_count,favorite,bot_mode,last_message_at,\
         last_message_id,last_inbound_at,created_at,contact_wa_id,contact_bsuid,\
         contact_profile_name,contact_display_name,lm_direction,lm_kind,lm_body,lm_media,lm_payload,\
         lm_wamid,lm_status,lm_error_code,lm_error_title,lm_error_details,lm_reply_to_id,\
         lm_reply_to_wamid,lm_reactions,lm_edited_at,lm_deleted_at,lm_sent_at,lm_created_at,\
         lm_deleted_scope"
    };
}

/// The columns of `contacts` that `stored::contact` reads with `CONTACT`.
#[macro_export]
macro_rules! contact_columns {
    () => {
        "id,account_id,wa_id,bsuid,profile_name,display_name,notes,tags,created_at,updated_at"
    };
}

#[cfg(test)]
mod tests {
    use crate::stored::{CONTACT, CONVERSATION, MESSAGE, SUMMARY};

    /// Every column a decoder reads is selected, and nothing else.
    fn assert_selects(list: &str, mut read: Vec<&str>) {
        read.sort_unstable();
        read.dedup();
        let mut selected: Vec<&str> = list.split(',').collect();
        selected.sort_unstable();
        assert_eq!(selected, read, "{list}");
    }

    #[test]
    fn each_select_list_is_exactly_what_its_decoder_reads() {
        let mut message = Vec::new();
        let _ = MESSAGE.locate(|name| {
            message.push(name);
            Ok::<_, ()>(())
        });
        assert_selects(message_columns!(), message);
        let mut contact = Vec::new();
        let _ = CONTACT.locate(|name| {
            contact.push(name);
            Ok::<_, ()>(())
        });
        assert_selects(contact_columns!(), contact);
        let mut conversation = Vec::new();
        let _ = CONVERSATION.locate(|name| {
            conversation.push(name);
            Ok::<_, ()>(())
        });
        assert_selects(conversation_columns!(), conversation);
        let mut summary = Vec::new();
        let _ = SUMMARY.locate(|name| {
            summary.push(name);
            Ok::<_, ()>(())
        });
        assert_selects(summary_columns!(), summary);
    }
}
