//! Messages from `inbox_messages` rows and from the `lm_*` part of summary rows, decoded by
//! `inbox_schema::stored` as the PostgreSQL adapter decodes them.

use inbox_domain::Message;
use inbox_schema::stored::MessageColumns;

pub(crate) use inbox_schema::stored::MESSAGE;

use super::{JsonRow, WireError};

/// The columns of `inbox_messages` that `message` reads with [`MESSAGE`].
pub(crate) const MESSAGE_COLUMNS: &str = inbox_schema::message_columns!();

/// A message from the columns `at` names.
pub(crate) fn message(row: &JsonRow, at: &MessageColumns) -> Result<Message, WireError> {
    inbox_schema::stored::message(row, at)
}
