//! The auto-template fallback's records: a message that waits for its template's review, and
//! one that waited too long.

use time::OffsetDateTime;

use super::pending::NewPendingMessage;
use crate::events::InboxEvent;
use crate::ids::{AccountId, ConversationId, MessageId};
use crate::outbound::{LanguageCode, TemplateName};
use crate::outbox::{IdempotencyKey, ParameterRequest, SendContent, SendRequest, TemplateRequest};

/// How long a message waits for its template's review before it fails (Meta reviews most
/// templates within minutes, some within 24 hours).
pub const DEFAULT_WAIT: time::Duration = time::Duration::hours(24);

/// A free-form text to record as a `pending` outbound message now and send as a template once
/// the template is approved.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWaitingSend {
    /// The waiting row: account, conversation, message id, template, parameters, expiry.
    pub pending: NewPendingMessage,
    /// The text as the agent wrote it (the message's body).
    pub body: String,
    /// The template send request queued on release (the message's payload).
    pub request: SendRequest,
    /// The client's key: a repeat answers the first message.
    pub idempotency_key: Option<IdempotencyKey>,
    /// When the agent sent it.
    pub sent_at: OffsetDateTime,
}

/// What recording a waiting send did.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingRecorded {
    /// The message (the first one, for a repeat).
    pub message_id: MessageId,
    /// True when the idempotency key was seen before and nothing new was stored.
    pub repeated: bool,
    /// What changed, to publish (`MessageCreated`, none for a repeat).
    pub events: Vec<InboxEvent>,
}

/// A waiting message the expiry sweep failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiredPending {
    /// The business number.
    pub account_id: AccountId,
    /// The thread.
    pub conversation_id: ConversationId,
    /// The message, now `failed`.
    pub message_id: MessageId,
}

/// The error code an expired waiting message gets (Meta gave none).
pub const EXPIRED_CODE: i64 = 0;
/// The error title an expired waiting message gets.
pub const EXPIRED_TITLE: &str = "Template not approved in time";
/// The error details an expired waiting message gets.
pub const EXPIRED_REASON: &str = "The template was not approved before the message expired";

/// The send request of template `name` in `language` with text body `parameters` (`{{1}}`
/// first): what a released waiting message is sent with.
pub fn template_send(
    name: &TemplateName,
    language: &LanguageCode,
    parameters: &[String],
) -> SendRequest {
    SendRequest {
        content: SendContent::Template {
            template: TemplateRequest {
                name: name.to_string(),
                language: language.to_string(),
                header: None,
                body: parameters
                    .iter()
                    .map(|p| ParameterRequest::Text {
                        text: p.clone(),
                        name: None,
                    })
                    .collect(),
                buttons: Vec::new(),
            },
        },
        reply_to: None,
    }
}
