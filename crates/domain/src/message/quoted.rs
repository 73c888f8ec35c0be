//! The compact form of a quoted message that a reply carries in every read.

use crate::ids::MessageId;
use crate::wamid::Wamid;

use super::{Direction, MessageKind};

/// How many characters of the quoted text or caption a reply shows; `inbox_messages.quoted`
/// in `migrations/V10__message_actions.sql` cuts at the same length (`left(body, 100)`).
pub const QUOTE_PREVIEW_CHARS: usize = 100;

/// The message a reply quotes, as much as a reply bubble shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedMessage {
    /// Our id of the quoted message.
    pub id: MessageId,
    /// Meta's id of the quoted message.
    pub wamid: Option<Wamid>,
    /// Who wrote the quoted message.
    pub direction: Direction,
    /// What the quoted message is.
    pub kind: MessageKind,
    /// The first [`QUOTE_PREVIEW_CHARS`] characters of its text or caption; `None` when it has
    /// none or was deleted.
    pub preview: Option<String>,
    /// Whether the quoted message was deleted (for either scope): its content is hidden.
    pub deleted: bool,
}

/// The preview of a quoted body: its first [`QUOTE_PREVIEW_CHARS`] characters.
pub fn quote_preview(body: &str) -> String {
    body.chars().take(QUOTE_PREVIEW_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_cut_at_characters_not_bytes() {
        let long = "é".repeat(QUOTE_PREVIEW_CHARS + 5);
        assert_eq!(quote_preview(&long).chars().count(), QUOTE_PREVIEW_CHARS);
        assert_eq!(quote_preview("short"), "short");
    }
}
