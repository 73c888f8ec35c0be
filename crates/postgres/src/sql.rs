//! The two keyset-paginated list reads, public so the benchmark runs exactly what the adapter runs.
//!
//! Both take (`$1` owner id `uuid`, `$2` cursor time `timestamptz`, `$3` cursor id `uuid`,
//! `$4` row count `bigint`). Without a cursor pass `'infinity'` and the max UUID
//! (`ffffffff-ffff-ffff-ffff-ffffffffffff`): the row comparison stays an index condition.
//! The adapter asks for one row more than the page size to learn whether a next page exists.

use tokio_postgres::types::Type;

/// The columns of `inbox_conversation_summaries` that `rows::summary` reads.
macro_rules! summary_columns {
    () => {
        "id, account_id, contact_id, status, unread_count, favorite, bot_mode, last_message_at, \
         last_message_id, last_inbound_at, created_at, contact_wa_id, contact_bsuid, \
         contact_profile_name, contact_created_at, contact_updated_at, lm_direction, lm_kind, \
         lm_body, lm_media, lm_payload, lm_wamid, lm_status, lm_error_code, lm_error_title, \
         lm_error_details, lm_reply_to_id, lm_reply_to_wamid, lm_reactions, lm_edited_at, \
         lm_deleted_at, lm_sent_at, lm_created_at"
    };
}
pub(crate) use summary_columns;

/// The columns of `inbox_messages` that `rows::message` reads.
macro_rules! message_columns {
    () => {
        "id, account_id, conversation_id, direction, kind, body, media, payload, wamid, status, \
         error_code, error_title, error_details, reply_to_id, reply_to_wamid, reactions, \
         edited_at, deleted_at, sent_at, created_at"
    };
}
pub(crate) use message_columns;

/// An account's conversations, newest activity first, after a (`last_message_at`, `id`) cursor.
pub const LIST_CONVERSATIONS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_conversation_summaries \
     WHERE account_id = $1 AND (last_message_at, id) < ($2, $3) \
     ORDER BY last_message_at DESC, id DESC LIMIT $4"
);

/// A conversation's messages, newest first, after a (`sent_at`, `id`) cursor.
pub const PAGE_MESSAGES: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM inbox_messages \
     WHERE conversation_id = $1 AND (sent_at, id) < ($2, $3) \
     ORDER BY sent_at DESC, id DESC LIMIT $4"
);

/// Parameter types of both list statements, in order.
pub const LIST_PARAM_TYPES: [Type; 4] = [Type::UUID, Type::TIMESTAMPTZ, Type::UUID, Type::INT8];
