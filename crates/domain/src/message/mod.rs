//! A message in a conversation, inbound or outbound, and the rules of its delivery status.

mod deletion;
mod edit;
mod emoji;
mod kind;
mod media_kinds;
mod quoted;
mod refusal;
mod status;

pub use deletion::DeleteScope;
pub use edit::EditedText;
pub use emoji::Emoji;
pub use kind::MessageKind;
pub use media_kinds::MediaKinds;
pub use quoted::{QUOTE_PREVIEW_CHARS, QuotedMessage, quote_preview};
pub use refusal::{ActionRefused, UnknownRefusal};
pub use status::{MessageStatus, MetaError};

use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::OffsetDateTime;

use crate::error::ValidationError;
use crate::ids::{AccountId, ConversationId, MessageId};
use crate::wamid::Wamid;

/// Who wrote the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the customer to the business.
    Inbound,
    /// From the business (an agent, a bot, a broadcast) to the customer.
    Outbound,
}

impl Direction {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

impl FromStr for Direction {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "inbound" => Ok(Self::Inbound),
            "outbound" => Ok(Self::Outbound),
            _ => Err(ValidationError::new(
                "direction",
                "must be inbound or outbound",
            )),
        }
    }
}

/// A media file attached to a message: Meta's media id and/or our stored copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// Meta's media id, valid for download for a limited time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_media_id: Option<String>,
    /// Where our copy lives in the media store, once fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_key: Option<String>,
    /// MIME type as declared by Meta or sniffed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// SHA-256 of the file, as Meta reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Original file name (documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// An emoji reaction on a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// Who reacted: the customer (inbound) or the business (outbound).
    pub direction: Direction,
    /// The emoji.
    pub emoji: String,
    /// When.
    pub reacted_at: OffsetDateTime,
}

/// One message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Our id.
    pub id: MessageId,
    /// The business number.
    pub account_id: AccountId,
    /// The thread.
    pub conversation_id: ConversationId,
    /// Who wrote it.
    pub direction: Direction,
    /// What it is.
    pub kind: MessageKind,
    /// Text, caption or the readable part of the content; `None` once deleted.
    pub body: Option<String>,
    /// The attached file, for media kinds; `None` once deleted.
    pub media: Option<MediaRef>,
    /// The kind-specific structure (location, contacts, interactive reply...) as Meta sent it;
    /// an empty object once deleted.
    pub payload: serde_json::Value,
    /// Meta's id; absent while an outbound message is still pending.
    pub wamid: Option<Wamid>,
    /// Delivery status.
    pub status: MessageStatus,
    /// Meta's error when the status is failed.
    pub error: Option<MetaError>,
    /// The quoted message, when we know it.
    pub reply_to: Option<MessageId>,
    /// Meta's id of the quoted message, kept even if we never saw that message.
    pub reply_to_wamid: Option<Wamid>,
    /// The quoted message in compact form, when `reply_to` is known; `None` in the newest
    /// message of a conversation summary, which shows no quote.
    pub quoted: Option<QuotedMessage>,
    /// Reactions, oldest first.
    pub reactions: Vec<Reaction>,
    /// Set when the text was edited.
    pub edited_at: Option<OffsetDateTime>,
    /// Set when the message was deleted (for the scope in `deleted_scope`).
    pub deleted_at: Option<OffsetDateTime>,
    /// Who the message was deleted for; set exactly when `deleted_at` is.
    pub deleted_scope: Option<DeleteScope>,
    /// When the message was sent (Meta's timestamp for inbound ones).
    pub sent_at: OffsetDateTime,
    /// When we stored it.
    pub created_at: OffsetDateTime,
}

/// A message to store, as the caller knows it before storage.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// Id chosen by the caller (a fresh UUIDv7 normally).
    pub id: MessageId,
    /// The thread; it decides the account.
    pub conversation_id: ConversationId,
    /// Who wrote it.
    pub direction: Direction,
    /// What it is.
    pub kind: MessageKind,
    /// Text or caption.
    pub body: Option<String>,
    /// Attached file.
    pub media: Option<MediaRef>,
    /// Kind-specific structure.
    pub payload: serde_json::Value,
    /// Meta's id; required for inbound messages.
    pub wamid: Option<Wamid>,
    /// Initial status: `Delivered` for inbound, `Pending` for a new outbound message.
    pub status: MessageStatus,
    /// Meta's id of the quoted message.
    pub reply_to_wamid: Option<Wamid>,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
}

impl NewMessage {
    /// Checks the rules that hold for every stored message.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.direction == Direction::Inbound && self.wamid.is_none() {
            return Err(ValidationError::new(
                "wamid",
                "an inbound message needs Meta's id",
            ));
        }
        if self.direction == Direction::Inbound && self.status != MessageStatus::Delivered {
            return Err(ValidationError::new(
                "status",
                "an inbound message is stored as delivered",
            ));
        }
        if self.kind.is_media() && self.media.is_none() {
            return Err(ValidationError::new(
                "media",
                "a media message needs its media",
            ));
        }
        Ok(())
    }
}
