//! The thread between an account and one contact.

use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::OffsetDateTime;

use crate::contact::ContactCard;
use crate::error::ValidationError;
use crate::ids::{AccountId, ContactId, ConversationId, MessageId};
use crate::message::Message;

/// Where a conversation stands in the agents' workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// Needs or may need attention.
    Open,
    /// Handled; a new customer message reopens it.
    Closed,
    /// Put away; kept for history.
    Archived,
}

impl ConversationStatus {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }
}

impl FromStr for ConversationStatus {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(Self::Open),
            "closed" => Ok(Self::Closed),
            "archived" => Ok(Self::Archived),
            _ => Err(ValidationError::new(
                "status",
                "must be one of open, closed, archived",
            )),
        }
    }
}

/// One conversation's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// Our id.
    pub id: ConversationId,
    /// The business number.
    pub account_id: AccountId,
    /// The customer.
    pub contact_id: ContactId,
    /// Workflow state.
    pub status: ConversationStatus,
    /// Inbound messages no agent has read yet.
    pub unread_count: i32,
    /// Pinned by an agent.
    pub favorite: bool,
    /// A bot answers instead of agents.
    pub bot_mode: bool,
    /// Time of the newest message (or of creation while empty); the list is ordered by it.
    pub last_message_at: OffsetDateTime,
    /// The newest message, if any.
    pub last_message_id: Option<MessageId>,
    /// Time of the newest customer message: the 24-hour service window starts there.
    pub last_inbound_at: Option<OffsetDateTime>,
    /// When the conversation started.
    pub created_at: OffsetDateTime,
}

/// A conversation as the inbox list shows it: with its contact and newest message.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationSummary {
    /// The conversation.
    pub conversation: Conversation,
    /// Its customer, as the list shows them.
    pub contact: ContactCard,
    /// Its newest message, if any.
    pub last_message: Option<Message>,
}
