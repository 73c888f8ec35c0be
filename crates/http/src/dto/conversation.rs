//! Conversation bodies: the inbox list entry with its contact and newest message.

use inbox_domain::{ContactCard, ConversationStatus, ConversationSummary, Page};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::message::MessageResponse;

/// Where a conversation stands in the agents' workflow.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = ConversationStatus)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatusDto {
    /// Needs or may need attention.
    Open,
    /// Handled; a new customer message reopens it.
    Closed,
    /// Put away; kept for history.
    Archived,
}

impl From<ConversationStatus> for ConversationStatusDto {
    fn from(s: ConversationStatus) -> Self {
        match s {
            ConversationStatus::Open => Self::Open,
            ConversationStatus::Closed => Self::Closed,
            ConversationStatus::Archived => Self::Archived,
        }
    }
}

/// The customer of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactResponse {
    /// Our id.
    pub id: Uuid,
    /// Their WhatsApp id (phone number), when known.
    pub wa_id: Option<String>,
    /// Meta's business-scoped user id, when known.
    pub bsuid: Option<String>,
    /// Their WhatsApp profile name, as Meta last reported it.
    pub profile_name: Option<String>,
    /// The name agents gave them; show it instead of the profile name when set.
    pub display_name: Option<String>,
}

impl From<&ContactCard> for ContactResponse {
    fn from(c: &ContactCard) -> Self {
        Self {
            id: c.id.as_uuid(),
            wa_id: c.wa_id.as_ref().map(|w| w.as_str().to_owned()),
            bsuid: c.bsuid.clone(),
            profile_name: c.profile_name.clone(),
            display_name: c.display_name.clone(),
        }
    }
}

/// One conversation as the inbox list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationSummaryResponse {
    /// Our id.
    pub id: Uuid,
    /// The business number.
    pub account_id: Uuid,
    /// Workflow state.
    pub status: ConversationStatusDto,
    /// Inbound messages no agent has read yet.
    pub unread_count: i32,
    /// Pinned by an agent.
    pub favorite: bool,
    /// A bot answers instead of agents.
    pub bot_mode: bool,
    /// Time of the newest message, or of creation while empty (RFC 3339); the list order.
    #[serde(with = "time::serde::rfc3339")]
    pub last_message_at: OffsetDateTime,
    /// Time of the newest customer message (RFC 3339): the 24-hour window starts there.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_inbound_at: Option<OffsetDateTime>,
    /// When the conversation started (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The customer.
    pub contact: ContactResponse,
    /// The newest message, if any.
    pub last_message: Option<MessageResponse>,
}

impl From<&ConversationSummary> for ConversationSummaryResponse {
    fn from(s: &ConversationSummary) -> Self {
        let c = &s.conversation;
        Self {
            id: c.id.as_uuid(),
            account_id: c.account_id.as_uuid(),
            status: c.status.into(),
            unread_count: c.unread_count,
            favorite: c.favorite,
            bot_mode: c.bot_mode,
            last_message_at: c.last_message_at,
            last_inbound_at: c.last_inbound_at,
            created_at: c.created_at,
            contact: (&s.contact).into(),
            last_message: s.last_message.as_ref().map(Into::into),
        }
    }
}

/// Body of `GET /conversations`: one page, newest activity first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationList {
    /// The conversations of this page.
    pub items: Vec<ConversationSummaryResponse>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl From<&Page<ConversationSummary>> for ConversationList {
    fn from(page: &Page<ConversationSummary>) -> Self {
        Self {
            items: page.items.iter().map(Into::into).collect(),
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}
