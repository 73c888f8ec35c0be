//! Messages waiting for a template's review: what is queued, and what a review decides.

use time::OffsetDateTime;

use crate::ids::{AccountId, ConversationId, MessageId};
use crate::outbound::{LanguageCode, TemplateName, TemplateState};

/// A message (already recorded as `pending`) to send as `template` once it is approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPendingMessage {
    /// The business number.
    pub account_id: AccountId,
    /// The thread.
    pub conversation_id: ConversationId,
    /// The message waiting.
    pub message_id: MessageId,
    /// The template it goes out as.
    pub template_name: TemplateName,
    /// The template's language.
    pub language: LanguageCode,
    /// The body parameters, `{{1}}` first.
    pub parameters: Vec<String>,
    /// When waiting stops making sense (kept for the later expiry sweep).
    pub expires_at: OffsetDateTime,
}

/// A waiting message an approval released: everything needed to queue its send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasedMessage {
    /// The message to send.
    pub message_id: MessageId,
    /// Its thread.
    pub conversation_id: ConversationId,
    /// The template to send it as.
    pub template_name: TemplateName,
    /// The template's language.
    pub language: LanguageCode,
    /// The body parameters, `{{1}}` first.
    pub parameters: Vec<String>,
}

/// A waiting message a refusal failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedPending {
    /// The message, now `failed`.
    pub message_id: MessageId,
    /// Its thread.
    pub conversation_id: ConversationId,
}

/// What resolving the messages waiting for one template did; both empty when its status
/// decides nothing yet (still pending, in appeal...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingResolution {
    /// Released by an approval, oldest first; each is released exactly once.
    pub released: Vec<ReleasedMessage>,
    /// Failed by a rejection, pause or disablement, oldest first.
    pub failed: Vec<FailedPending>,
}

/// The error a message waiting for a template gets when the template's status refuses it:
/// Meta's code for sending such a template, and a title. `None` for statuses that do not.
pub fn failure_for(status: &TemplateState) -> Option<(i64, &'static str)> {
    match status {
        TemplateState::Rejected => Some((132_001, "Template rejected")),
        TemplateState::Paused => Some((132_015, "Template paused")),
        TemplateState::Disabled => Some((132_016, "Template disabled")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rejection_pause_and_disablement_fail_waiting_messages() {
        assert_eq!(
            failure_for(&TemplateState::Rejected).map(|f| f.0),
            Some(132_001)
        );
        assert_eq!(
            failure_for(&TemplateState::Paused).map(|f| f.0),
            Some(132_015)
        );
        assert_eq!(
            failure_for(&TemplateState::Disabled).map(|f| f.0),
            Some(132_016)
        );
        assert_eq!(failure_for(&TemplateState::Approved), None);
        assert_eq!(failure_for(&TemplateState::Pending), None);
    }
}
