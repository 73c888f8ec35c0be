//! Message bodies: a message with its media, Meta error, quote and reactions, and a page of them.

use inbox_domain::{
    DeleteScope, Direction, MediaRef, Message, MessageStatus, MetaError, Page, QuotedMessage,
    Reaction,
};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Who wrote a message (or reacted).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = Direction)]
#[serde(rename_all = "snake_case")]
pub enum DirectionDto {
    /// The customer.
    Inbound,
    /// The business.
    Outbound,
}

impl From<Direction> for DirectionDto {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Inbound => Self::Inbound,
            Direction::Outbound => Self::Outbound,
        }
    }
}

/// Delivery status of a message; it only moves forward.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = MessageStatus)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatusDto {
    /// Recorded, not yet accepted by Meta.
    Pending,
    /// Accepted by Meta.
    Sent,
    /// On the customer's phone.
    Delivered,
    /// Seen by the customer.
    Read,
    /// Meta could not deliver it.
    Failed,
}

impl From<MessageStatus> for MessageStatusDto {
    fn from(s: MessageStatus) -> Self {
        match s {
            MessageStatus::Pending => Self::Pending,
            MessageStatus::Sent => Self::Sent,
            MessageStatus::Delivered => Self::Delivered,
            MessageStatus::Read => Self::Read,
            MessageStatus::Failed => Self::Failed,
        }
    }
}

/// The file attached to a media message (where we keep our copy is not part of the API).
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaResponse {
    /// Meta's media id.
    pub meta_media_id: Option<String>,
    /// MIME type.
    pub mime_type: Option<String>,
    /// SHA-256 of the file as Meta reports it.
    pub sha256: Option<String>,
    /// Original file name (documents).
    pub filename: Option<String>,
}

impl From<&MediaRef> for MediaResponse {
    fn from(m: &MediaRef) -> Self {
        Self {
            meta_media_id: m.meta_media_id.clone(),
            mime_type: m.mime_type.clone(),
            sha256: m.sha256.clone(),
            filename: m.filename.clone(),
        }
    }
}

/// Meta's error for a failed message.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageErrorResponse {
    /// Meta's numeric code, e.g. 131047.
    pub code: i64,
    /// Meta's short title.
    pub title: String,
    /// Meta's longer explanation.
    pub details: Option<String>,
}

impl From<&MetaError> for MessageErrorResponse {
    fn from(e: &MetaError) -> Self {
        Self {
            code: e.code,
            title: e.title.clone(),
            details: e.details.clone(),
        }
    }
}

/// An emoji reaction.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReactionResponse {
    /// Who reacted.
    pub direction: DirectionDto,
    /// The emoji.
    pub emoji: String,
    /// When (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub reacted_at: OffsetDateTime,
}

impl From<&Reaction> for ReactionResponse {
    fn from(r: &Reaction) -> Self {
        Self {
            direction: r.direction.into(),
            emoji: r.emoji.clone(),
            reacted_at: r.reacted_at,
        }
    }
}

/// Who a deleted message is deleted for. Either scope hides its content from every agent of
/// the inbox; `everyone` also revokes it on the customer's phone (outbound messages only).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = DeleteScope)]
#[serde(rename_all = "snake_case")]
pub enum DeleteScopeDto {
    /// Hidden in this inbox; the customer keeps their copy.
    Me,
    /// Hidden in this inbox and to be revoked on the customer's phone.
    Everyone,
}

impl From<DeleteScope> for DeleteScopeDto {
    fn from(s: DeleteScope) -> Self {
        match s {
            DeleteScope::Me => Self::Me,
            DeleteScope::Everyone => Self::Everyone,
        }
    }
}

/// The message a reply quotes, as much as a reply bubble shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotedMessageResponse {
    /// Our id of the quoted message.
    pub id: Uuid,
    /// Meta's id of the quoted message.
    pub wamid: Option<String>,
    /// Who wrote the quoted message.
    pub direction: DirectionDto,
    /// Its Meta message type (see `MessageResponse.kind`).
    #[schema(example = "text")]
    pub kind: String,
    /// The first 100 characters of its text or caption; `null` when it has none or was deleted.
    pub preview: Option<String>,
    /// Whether the quoted message was deleted (its content is hidden).
    pub deleted: bool,
}

impl From<&QuotedMessage> for QuotedMessageResponse {
    fn from(q: &QuotedMessage) -> Self {
        Self {
            id: q.id.as_uuid(),
            wamid: q.wamid.as_ref().map(|w| w.as_str().to_owned()),
            direction: q.direction.into(),
            kind: q.kind.as_str().to_owned(),
            preview: q.preview.clone(),
            deleted: q.deleted,
        }
    }
}

/// One message. A deleted message keeps its place, ids, statuses and reactions, but its
/// `body`, `media` and `payload` are hidden (`null`, `null`, `{}`).
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageResponse {
    /// Our id.
    pub id: Uuid,
    /// The thread.
    pub conversation_id: Uuid,
    /// The business number the thread belongs to.
    pub account_id: Uuid,
    /// Who wrote it.
    pub direction: DirectionDto,
    /// Meta's message type: text, image, audio, video, document, sticker, location, contacts,
    /// interactive, button, reaction, order, system, referral, template, unsupported (more may come).
    #[schema(example = "text")]
    pub kind: String,
    /// Text or caption.
    pub body: Option<String>,
    /// The attached file, for media kinds.
    pub media: Option<MediaResponse>,
    /// The kind-specific structure as Meta sent it.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// Meta's id; absent while an outbound message is pending.
    pub wamid: Option<String>,
    /// Delivery status.
    pub status: MessageStatusDto,
    /// Meta's error when the status is failed.
    pub error: Option<MessageErrorResponse>,
    /// Our id of the quoted message, when we know it.
    pub reply_to: Option<Uuid>,
    /// Meta's id of the quoted message.
    pub reply_to_wamid: Option<String>,
    /// The quoted message in compact form, when `reply_to` is known.
    pub quoted: Option<QuotedMessageResponse>,
    /// Reactions, oldest first.
    pub reactions: Vec<ReactionResponse>,
    /// When the text was edited (RFC 3339).
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    /// When the message was deleted (RFC 3339).
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
    /// Who it was deleted for; set exactly when `deleted_at` is.
    pub deleted_scope: Option<DeleteScopeDto>,
    /// When it was sent (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
    /// When we stored it (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<&Message> for MessageResponse {
    fn from(m: &Message) -> Self {
        Self {
            id: m.id.as_uuid(),
            conversation_id: m.conversation_id.as_uuid(),
            account_id: m.account_id.as_uuid(),
            direction: m.direction.into(),
            kind: m.kind.as_str().to_owned(),
            body: m.body.clone(),
            media: m.media.as_ref().map(Into::into),
            payload: m.payload.clone(),
            wamid: m.wamid.as_ref().map(|w| w.as_str().to_owned()),
            status: m.status.into(),
            error: m.error.as_ref().map(Into::into),
            reply_to: m.reply_to.map(|id| id.as_uuid()),
            reply_to_wamid: m.reply_to_wamid.as_ref().map(|w| w.as_str().to_owned()),
            quoted: m.quoted.as_ref().map(Into::into),
            reactions: m.reactions.iter().map(Into::into).collect(),
            edited_at: m.edited_at,
            deleted_at: m.deleted_at,
            deleted_scope: m.deleted_scope.map(Into::into),
            sent_at: m.sent_at,
            created_at: m.created_at,
        }
    }
}

/// Body of `GET /conversations/{id}/messages`: one page, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    /// The messages of this page, newest first.
    pub items: Vec<MessageResponse>,
    /// Pass as `before` to get older messages; `null` on the last page.
    pub next_before: Option<String>,
}

impl From<&Page<Message>> for MessagePage {
    fn from(page: &Page<Message>) -> Self {
        Self {
            items: page.items.iter().map(Into::into).collect(),
            next_before: page.next.map(|c| c.encode()),
        }
    }
}
