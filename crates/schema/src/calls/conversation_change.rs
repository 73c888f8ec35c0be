//! One agent action on a conversation as `inbox_change_conversation` takes it: each field is
//! set or, as NULL, left alone.

use inbox_domain::ConversationStatus;

/// The fields one agent action sets; `None` keeps a field as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConversationChange {
    /// `p_read`: read (true, the unread count drops to zero) or unread (false).
    pub read: Option<bool>,
    /// `p_favorite`.
    pub favorite: Option<bool>,
    /// `p_bot_mode`.
    pub bot_mode: Option<bool>,
    /// `p_status`.
    pub status: Option<ConversationStatus>,
}

impl ConversationChange {
    /// Marks the conversation read (`true`) or unread (`false`).
    pub fn read(read: bool) -> Self {
        Self {
            read: Some(read),
            ..Self::default()
        }
    }

    /// Pins or unpins it.
    pub fn favorite(favorite: bool) -> Self {
        Self {
            favorite: Some(favorite),
            ..Self::default()
        }
    }

    /// Hands it to a bot or back to agents.
    pub fn bot_mode(bot_mode: bool) -> Self {
        Self {
            bot_mode: Some(bot_mode),
            ..Self::default()
        }
    }

    /// Moves its workflow state.
    pub fn status(status: ConversationStatus) -> Self {
        Self {
            status: Some(status),
            ..Self::default()
        }
    }

    /// `p_status` as stored text.
    pub fn status_text(&self) -> Option<&'static str> {
        self.status.map(ConversationStatus::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_sets_its_own_field_only() {
        assert_eq!(ConversationChange::read(false).read, Some(false));
        assert_eq!(ConversationChange::favorite(true).read, None);
        let closing = ConversationChange::status(ConversationStatus::Closed);
        assert_eq!(closing.status_text(), Some("closed"));
        assert_eq!(
            (closing.read, closing.favorite, closing.bot_mode),
            (None, None, None)
        );
        assert_eq!(ConversationChange::bot_mode(true).bot_mode, Some(true));
    }
}
