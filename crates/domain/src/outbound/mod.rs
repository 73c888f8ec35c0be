//! Outgoing WhatsApp traffic: messages checked against Meta's limits, media, templates, the
//! business profile, and how a Graph API call failed. The `WhatsAppGateway` port speaks these.

mod classify;
mod contacts;
mod content;
mod credentials;
mod error;
mod interactive;
pub mod limits;
mod list;
mod media;
mod profile;
mod template;
mod template_admin;
mod template_name;
#[cfg(test)]
mod tests;

pub use classify::{
    APP_LIMIT_DELAY, CallKind, MAINTENANCE_DELAY, PAIR_LIMIT_DELAY, THROUGHPUT_DELAY,
    TRANSIENT_DELAY, classify,
};
pub use contacts::{ContactCard, ContactEmail, ContactPhone};
pub use content::{LocationContent, OutboundContent, ReactionContent, TextContent};
pub use credentials::{ApiVersion, SendReceipt, SenderCredentials};
pub use error::{ErrorClass, GatewayError, GraphFailure};
pub use interactive::{CtaUrl, Frame, Interactive, InteractiveHeader, ReplyButton, ReplyButtons};
pub use list::{ListMessage, ListRow, ListSection};
pub use media::{MediaContent, MediaId, MediaInfo, MediaKind, MediaSource, MediaUpload, MediaUrl};
pub use profile::{BusinessProfile, BusinessProfileUpdate};
pub use template::{ButtonParameter, TemplateButton, TemplateMessage, TemplateParameter};
pub use template_admin::{
    CreatedTemplate, NewTemplate, TemplateCategory, TemplatePage, TemplateQuery, TemplateState,
    TemplateSummary,
};
pub use template_name::{LanguageCode, TemplateName};

use crate::error::ValidationError;
use crate::phone::WaId;
use crate::wamid::Wamid;

/// A message to send to one customer: who, what, optionally in reply to which message, and
/// the opaque data (our message id) Meta echoes in every status webhook of this message.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundMessage {
    to: WaId,
    reply_to: Option<Wamid>,
    biz_opaque_callback_data: Option<String>,
    content: OutboundContent,
}

impl OutboundMessage {
    /// A message of `content` to `to`, not a reply, without callback data.
    pub fn new(to: WaId, content: OutboundContent) -> Self {
        Self {
            to,
            reply_to: None,
            biz_opaque_callback_data: None,
            content,
        }
    }

    /// Makes it a reply quoting `message` (`context.message_id`). Reactions cannot be replies.
    pub fn reply_to(mut self, message: Wamid) -> Result<Self, ValidationError> {
        if matches!(self.content, OutboundContent::Reaction(_)) {
            return Err(ValidationError::new(
                "context.message_id",
                "a reaction cannot be a reply",
            ));
        }
        self.reply_to = Some(message);
        Ok(self)
    }

    /// Sets `biz_opaque_callback_data` (1 to 512 characters), echoed in the status webhooks.
    pub fn callback_data(mut self, data: &str) -> Result<Self, ValidationError> {
        self.biz_opaque_callback_data = Some(limits::required(
            "biz_opaque_callback_data",
            data,
            limits::CALLBACK_DATA_MAX,
        )?);
        Ok(self)
    }

    /// The recipient.
    pub fn to(&self) -> &WaId {
        &self.to
    }

    /// The quoted message, for a reply.
    pub fn replying_to(&self) -> Option<&Wamid> {
        self.reply_to.as_ref()
    }

    /// The data Meta echoes in status webhooks.
    pub fn biz_opaque_callback_data(&self) -> Option<&str> {
        self.biz_opaque_callback_data.as_deref()
    }

    /// What the message says.
    pub fn content(&self) -> &OutboundContent {
        &self.content
    }
}
