//! The keyset-paginated list reads, public so the benchmark runs exactly what the adapter runs.
//!
//! Each takes (`$1` owner id `uuid`, `$2` cursor time `timestamptz`, `$3` cursor id `uuid`,
//! `$4` row count `bigint`), the filtered ones then their filters. Without a cursor pass
//! `'infinity'` and the max UUID (`ffffffff-ffff-ffff-ffff-ffffffffffff`): the row comparison
//! stays an index condition.
//! The adapter asks for one row more than the page size to learn whether a next page exists.

use tokio_postgres::types::Type;

/// The columns of `inbox_conversation_summaries` that `rows::summary` reads (the shared list).
macro_rules! summary_columns {
    () => {
        inbox_schema::summary_columns!()
    };
}
pub(crate) use summary_columns;

/// The columns of `inbox_messages` that `rows::message` reads (the shared list).
macro_rules! message_columns {
    () => {
        inbox_schema::message_columns!()
    };
}
pub(crate) use message_columns;

/// An account's conversations under the default filter (every one not archived), newest
/// activity first, after a (`last_message_at`, `id`) cursor: the inbox's plain list, the hot path.
pub const LIST_CONVERSATIONS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_conversation_summaries \
     WHERE account_id = $1 AND (last_message_at, id) < ($2, $3) AND status <> 'archived' \
     ORDER BY last_message_at DESC, id DESC LIMIT $4"
);

/// An account's conversations under any filter, walking the activity index and testing each
/// one (`inbox_list_conversations`); after the four list parameters it takes `FILTER_PARAM_TYPES`:
/// `$5` statuses `text[]`, `$6` unread only, `$7` favorites only, `$8` search term or NULL.
pub const LIST_CONVERSATIONS_FILTERED: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_list_conversations($1, $2, $3, $4, $5, $6, $7, $8)"
);

/// The same page found from the contacts a search term matches, through the trigram index
/// (`inbox_search_conversations`); same parameters, `$8` not NULL.
pub const SEARCH_CONVERSATIONS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM inbox_search_conversations($1, $2, $3, $4, $5, $6, $7, $8)"
);

/// Types of the filter parameters that follow the list parameters, in order.
pub const FILTER_PARAM_TYPES: [Type; 4] = [Type::TEXT_ARRAY, Type::BOOL, Type::BOOL, Type::TEXT];

/// The columns of `contacts` that `rows::contact` reads (the shared list).
macro_rules! contact_columns {
    () => {
        inbox_schema::contact_columns!()
    };
}
pub(crate) use contact_columns;

/// An account's contacts, newest first, after a (`created_at`, `id`) cursor, walking the creation
/// index and testing each against `$5`, a search term or NULL (`inbox_list_contacts`).
pub const LIST_CONTACTS: &str = concat!(
    "SELECT ",
    contact_columns!(),
    " FROM inbox_list_contacts($1, $2, $3, $4, $5)"
);

/// The contacts a search term (`$5`) matches, found through the trigram index, then ordered
/// (`inbox_search_contacts`).
pub const SEARCH_CONTACTS: &str = concat!(
    "SELECT ",
    contact_columns!(),
    " FROM inbox_search_contacts($1, $2, $3, $4, $5)"
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

/// A conversation's media messages of some kinds, newest first, after a (`sent_at`, `id`)
/// cursor, through `inbox_conversation_media` (parameters [`MEDIA_PARAM_TYPES`]).
pub const CONVERSATION_MEDIA: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM inbox_conversation_media($1, $2, $3, $4, $5) ORDER BY sent_at DESC, id DESC"
);

/// An account's media messages of some kinds, newest first, after a (`sent_at`, `id`) cursor,
/// through `inbox_account_media` (parameters [`MEDIA_PARAM_TYPES`]).
pub const ACCOUNT_MEDIA: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM inbox_account_media($1, $2, $3, $4, $5) ORDER BY sent_at DESC, id DESC"
);

/// Parameter types of both gallery statements: owner id, kind names (`text[]`), then the
/// cursor and row count as in [`LIST_PARAM_TYPES`].
pub const MEDIA_PARAM_TYPES: [Type; 5] = [
    Type::UUID,
    Type::TEXT_ARRAY,
    Type::TIMESTAMPTZ,
    Type::UUID,
    Type::INT8,
];
