//! `pending_template_messages` in memory: a message queued to wait for its template, and all
//! of a template's waiting messages released or failed once Meta has reviewed it.

use inbox_domain::outbound::{LanguageCode, TemplateName, TemplateState};
use inbox_domain::templates::{
    FailedPending, NewPendingMessage, PendingResolution, ReleasedMessage, failure_for,
};
use inbox_domain::{AccountId, MessageStatus, MetaError, RepoError};

use crate::clock::stored;
use crate::state::State;
use crate::store::MemoryStore;

/// One `pending_template_messages` row.
#[derive(Debug, Clone)]
pub(crate) struct PendingRow {
    /// What was queued.
    pub(crate) pending: NewPendingMessage,
    /// `waiting`, `released`, `failed` or `expired`.
    pub(crate) state: &'static str,
    /// The send request queued on release (V16), if recorded with one.
    pub(crate) request: Option<serde_json::Value>,
    /// The idempotency key with what it was first used for (conversation and request).
    pub(crate) key: Option<(String, inbox_domain::ConversationId, serde_json::Value)>,
}

impl State {
    /// `resolve_pending` under the lock (the webhook's review updates call it too).
    pub(crate) fn resolve_waiting(
        &mut self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> PendingResolution {
        let Some(i) = self.template_at(account, name.as_str(), language.as_str()) else {
            return PendingResolution::default();
        };
        let template = self.templates[i].template.clone();
        let failure = failure_for(&template.status);
        if template.status != TemplateState::Approved && failure.is_none() {
            return PendingResolution::default();
        }
        let mut resolution = PendingResolution::default();
        let mut failed_messages = Vec::new();
        let mut released_rows = Vec::new();
        for row in &mut self.pending_templates {
            let p = &row.pending;
            let waiting_here = row.state == "waiting"
                && p.account_id == account
                && &p.template_name == name
                && &p.language == language;
            if !waiting_here {
                continue;
            }
            if failure.is_none() {
                row.state = "released";
                released_rows.push(row.clone());
                resolution.released.push(ReleasedMessage {
                    message_id: p.message_id,
                    conversation_id: p.conversation_id,
                    template_name: p.template_name.clone(),
                    language: p.language.clone(),
                    parameters: p.parameters.clone(),
                });
            } else {
                row.state = "failed";
                failed_messages.push(p.message_id);
                resolution.failed.push(FailedPending {
                    message_id: p.message_id,
                    conversation_id: p.conversation_id,
                });
            }
        }
        self.queue_released(account, released_rows);
        if let Some((code, title)) = failure {
            for id in failed_messages {
                if let Some(message) = self.messages.get_mut(&id)
                    && message.status == MessageStatus::Pending
                {
                    message.status = MessageStatus::Failed;
                    message.error = Some(MetaError {
                        code,
                        title: title.to_owned(),
                        details: template.rejected_reason.clone(),
                    });
                }
            }
        }
        resolution
    }
}

/// `TemplateRepo::enqueue_pending`.
pub(super) fn enqueue_pending(
    store: &MemoryStore,
    pending: &NewPendingMessage,
) -> Result<(), RepoError> {
    let mut state = store.write()?;
    let known = state.messages.get(&pending.message_id).is_some_and(|m| {
        m.account_id == pending.account_id && m.conversation_id == pending.conversation_id
    });
    if !known {
        return Err(RepoError::MissingReference { entity: "message" });
    }
    if state
        .pending_templates
        .iter()
        .any(|p| p.pending.message_id == pending.message_id)
    {
        return Err(RepoError::Conflict {
            entity: "pending_template_message",
            constraint: "pending_template_messages_message_id_key".to_owned(),
        });
    }
    let mut row = pending.clone();
    row.expires_at = stored(row.expires_at);
    state.pending_templates.push(PendingRow {
        pending: row,
        state: "waiting",
        request: None,
        key: None,
    });
    Ok(())
}
