//! What changed in the inbox, as agents' screens need to hear it.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, ContactId, ConversationId, MessageId};
use crate::message::MessageStatus;

/// A change worth telling connected agents about; carries ids, never content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxEvent {
    /// A new message was stored in a conversation.
    MessageReceived {
        /// The business number.
        account_id: AccountId,
        /// The thread.
        conversation_id: ConversationId,
        /// The new message.
        message_id: MessageId,
    },
    /// An outgoing message was queued for sending (status `pending`).
    MessageCreated {
        /// The business number.
        account_id: AccountId,
        /// The thread.
        conversation_id: ConversationId,
        /// The new message.
        message_id: MessageId,
    },
    /// A message moved to a new delivery status.
    MessageStatusChanged {
        /// The business number.
        account_id: AccountId,
        /// The thread.
        conversation_id: ConversationId,
        /// The message.
        message_id: MessageId,
        /// Its new status.
        status: MessageStatus,
    },
    /// A reaction on a message was added, replaced or removed.
    ReactionChanged {
        /// The business number.
        account_id: AccountId,
        /// The thread.
        conversation_id: ConversationId,
        /// The message reacted to.
        message_id: MessageId,
    },
    /// A contact's profile changed (or the contact is new).
    ContactUpdated {
        /// The business number.
        account_id: AccountId,
        /// The contact.
        contact_id: ContactId,
    },
    /// Meta changed the review status of a message template.
    TemplateStatusChanged {
        /// The business number whose WhatsApp Business Account owns the template.
        account_id: AccountId,
        /// Template name.
        name: String,
        /// Template language.
        language: String,
        /// New status, as stored.
        status: String,
    },
}

impl InboxEvent {
    /// The account the event belongs to: only its members may see it.
    pub fn account_id(&self) -> AccountId {
        match self {
            Self::MessageReceived { account_id, .. }
            | Self::MessageCreated { account_id, .. }
            | Self::MessageStatusChanged { account_id, .. }
            | Self::ReactionChanged { account_id, .. }
            | Self::ContactUpdated { account_id, .. }
            | Self::TemplateStatusChanged { account_id, .. } => *account_id,
        }
    }
}
