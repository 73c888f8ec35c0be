//! Which conversations the inbox list shows: unread only, favorites only, by status, by contact.

use std::str::FromStr;

use crate::contact::Contact;
use crate::contact_search::ContactSearch;
use crate::conversation::{Conversation, ConversationStatus};
use crate::error::ValidationError;

/// The workflow states a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    /// Open and closed, not archived: the inbox as agents work it (the default). Archived
    /// conversations are put away and show only when asked for.
    #[default]
    Active,
    /// Only this state.
    Only(ConversationStatus),
    /// Every state.
    All,
}

impl StatusFilter {
    /// The states shown.
    pub const fn statuses(self) -> &'static [ConversationStatus] {
        match self {
            Self::Active => &[ConversationStatus::Open, ConversationStatus::Closed],
            Self::Only(ConversationStatus::Open) => &[ConversationStatus::Open],
            Self::Only(ConversationStatus::Closed) => &[ConversationStatus::Closed],
            Self::Only(ConversationStatus::Archived) => &[ConversationStatus::Archived],
            Self::All => &[
                ConversationStatus::Open,
                ConversationStatus::Closed,
                ConversationStatus::Archived,
            ],
        }
    }

    /// Whether a conversation in `status` is shown.
    pub fn admits(self, status: ConversationStatus) -> bool {
        self.statuses().contains(&status)
    }
}

impl FromStr for StatusFilter {
    type Err = ValidationError;

    /// `active` (open and closed), `all`, or one state: `open`, `closed`, `archived`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(Self::Active),
            "all" => Ok(Self::All),
            other => other.parse().map(Self::Only).map_err(|_| {
                ValidationError::new(
                    "status",
                    "must be one of active, all, open, closed, archived",
                )
            }),
        }
    }
}

/// What a conversation list shows; every condition must hold. The default shows every
/// conversation that is not archived.
///
/// A page cursor belongs to the filter it was read with: continuing a list with another filter
/// starts after the cursor's position in the new filter's order, which may skip or repeat items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConversationFilter {
    /// Only conversations with unread messages.
    pub unread_only: bool,
    /// Only conversations an agent marked as favorite.
    pub favorites_only: bool,
    /// Which workflow states.
    pub status: StatusFilter,
    /// Only conversations whose contact's name or number contains this.
    pub search: Option<ContactSearch>,
}

impl ConversationFilter {
    /// Whether `conversation`, whose contact is `contact`, is shown.
    pub fn admits(&self, conversation: &Conversation, contact: &Contact) -> bool {
        (!self.unread_only || conversation.unread_count > 0)
            && (!self.favorites_only || conversation.favorite)
            && self.status.admits(conversation.status)
            && self.search.as_ref().is_none_or(|s| s.matches(contact))
    }

    /// Whether this is the default filter (the inbox's plain list).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_shows_open_and_closed_but_not_archived() {
        let filter = ConversationFilter::default();
        assert!(filter.status.admits(ConversationStatus::Open));
        assert!(filter.status.admits(ConversationStatus::Closed));
        assert!(!filter.status.admits(ConversationStatus::Archived));
        assert!(filter.is_default());
    }

    #[test]
    fn status_filters_parse_from_their_wire_names() {
        assert_eq!("active".parse(), Ok(StatusFilter::Active));
        assert_eq!("all".parse(), Ok(StatusFilter::All));
        assert_eq!(
            "archived".parse(),
            Ok(StatusFilter::Only(ConversationStatus::Archived))
        );
        assert_eq!(
            "deleted".parse::<StatusFilter>().unwrap_err().field,
            "status"
        );
        assert_eq!(StatusFilter::All.statuses().len(), 3);
    }
}
