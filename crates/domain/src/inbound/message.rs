//! A message a customer sent, as a webhook reports it.

use time::OffsetDateTime;

use crate::message::{MediaRef, MessageKind, MetaError};
use crate::phone::WaId;
use crate::wamid::Wamid;

/// One inbound message; `wamid` makes applying it idempotent.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// Meta's id of the message.
    pub wamid: Wamid,
    /// The sender's WhatsApp id; absent for users known only by a business-scoped id.
    pub from: Option<WaId>,
    /// The sender's business-scoped user id (`from_user_id`), when sent.
    pub from_bsuid: Option<String>,
    /// When the customer sent it (Meta's `timestamp`).
    pub sent_at: OffsetDateTime,
    /// What it is; `Unsupported` for types we do not know and for content we could not read.
    pub kind: MessageKind,
    /// Meta's `type` as sent, e.g. `poll_creation` inside `unsupported`, or `edit`.
    pub meta_type: String,
    /// Something readable for the inbox list: text, caption, button or reply title, system text.
    pub body: Option<String>,
    /// The attached file, for media kinds.
    pub media: Option<MediaRef>,
    /// The message object as Meta sent it, minus `id`, `from`, `from_user_id` and `timestamp`
    /// (kept in the fields above): the kind-specific object under its type name (`{"text": {…}}`),
    /// and `type`, `context`, `referral`, `errors` and anything unknown, whole.
    pub payload: serde_json::Value,
    /// Meta's id of the quoted message (`context.id`).
    pub reply_to_wamid: Option<Wamid>,
    /// `context.forwarded`: forwarded up to five times.
    pub forwarded: bool,
    /// `context.frequently_forwarded`: forwarded more than five times.
    pub frequently_forwarded: bool,
    /// Set for `reaction` messages: what was reacted to and with what.
    pub reaction: Option<ReactionChange>,
    /// Meta's errors on this message (unsupported content, media too large, ...).
    pub errors: Vec<MetaError>,
    /// Set when part of the message could not be read; the raw part is still in `payload`.
    /// Never contains personal data.
    pub decode_error: Option<String>,
}

impl InboundMessage {
    /// Whether the message is a reply to another message.
    pub fn is_reply(&self) -> bool {
        self.reply_to_wamid.is_some()
    }
}

/// A reaction added, replaced or removed by the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionChange {
    /// The message reacted to.
    pub target: Wamid,
    /// The emoji; `None` when the reaction was removed (Meta sends `""` or nothing).
    pub emoji: Option<String>,
}

impl ReactionChange {
    /// Whether this removes the customer's reaction.
    pub fn is_removal(&self) -> bool {
        self.emoji.is_none()
    }
}
