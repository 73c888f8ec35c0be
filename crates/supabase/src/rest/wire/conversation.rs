//! Conversations from `conversations` rows, and summaries from `inbox_conversation_summaries`
//! rows (the conversation, its contact, its newest message), decoded by `inbox_schema::stored`.

use inbox_domain::{Conversation, ConversationSummary};
use inbox_schema::stored::{CONVERSATION, SUMMARY};

use super::{JsonRow, WireError};

/// The columns `conversation` reads.
pub(crate) const CONVERSATION_COLUMNS: &str = inbox_schema::conversation_columns!();

/// The columns of `inbox_conversation_summaries` that `summary` reads.
pub(crate) const SUMMARY_COLUMNS: &str = inbox_schema::summary_columns!();

/// A conversation, from a `conversations` row or the conversation part of a summary row.
pub(crate) fn conversation(row: &JsonRow) -> Result<Conversation, WireError> {
    inbox_schema::stored::conversation(row, &CONVERSATION)
}

/// An `inbox_conversation_summaries` row; `last_message` absent when the conversation is empty.
pub(crate) fn summary(row: &JsonRow) -> Result<ConversationSummary, WireError> {
    inbox_schema::stored::summary(row, &SUMMARY)
}
