//! `templates` in memory: the rows `TemplateRepo` keeps, and the review updates webhooks apply
//! to them (`inbox_webhook_template`).

use time::OffsetDateTime;

use inbox_domain::events::InboxEvent;
use inbox_domain::ids::TemplateId;
use inbox_domain::inbound::document::DocTemplate;
use inbox_domain::outbound::{LanguageCode, TemplateCategory, TemplateName, TemplateState};
use inbox_domain::templates::{Template, failure_for, state_from_stored, state_to_stored};
use inbox_domain::{AccountId, MessageStatus, RepoError};

use crate::clock::{now, stored};
use crate::state::State;
use crate::store::MemoryStore;

/// A message template as stored, with the time of the newest review update applied to it.
#[derive(Debug, Clone)]
pub(crate) struct StoredTemplate {
    /// The row.
    pub(crate) template: Template,
    /// `status_reported_at`.
    pub(crate) status_reported_at: Option<OffsetDateTime>,
}

impl StoredTemplate {
    /// The status as stored (lower case).
    pub(crate) fn stored_status(&self) -> String {
        self.template.status.as_str().to_ascii_lowercase()
    }
}

impl State {
    /// Applies one review update: by Meta's id, else (templates whose Meta id we do not know) by
    /// the WABA's accounts, name and language; an older update never overwrites a newer one.
    /// Returns an event per changed template; unknown templates change nothing.
    pub(crate) fn apply_template_update(&mut self, update: &DocTemplate) -> Vec<InboxEvent> {
        let Some(status) = &update.status else {
            return Vec::new();
        };
        let reason = update.reason.clone().filter(|_| status == "rejected");
        let at = update.at.map(stored);
        let by_id = update.meta_template_id.is_some()
            && self
                .templates
                .iter()
                .any(|t| t.template.meta_template_id == update.meta_template_id);
        let waba_accounts: Vec<AccountId> = self
            .accounts
            .values()
            .filter(|a| update.waba_id.as_ref() == Some(&a.waba_id))
            .map(|a| a.id)
            .collect();
        let mut events = Vec::new();
        let mut refused = Vec::new();
        for stored in &mut self.templates {
            let t = &stored.template;
            let addressed = if by_id {
                t.meta_template_id == update.meta_template_id
            } else {
                t.meta_template_id.is_none()
                    && t.name.as_str() == update.name
                    && t.language.as_str() == update.language
                    && waba_accounts.contains(&t.account_id)
            };
            let newer = match (at, stored.status_reported_at) {
                (Some(at), Some(last)) => last <= at,
                _ => true,
            };
            let differs = (&stored.stored_status(), &t.rejected_reason) != (status, &reason);
            if !(addressed && newer && differs) {
                continue;
            }
            let t = &mut stored.template;
            t.status = state_from_stored(status);
            t.rejected_reason = reason.clone();
            t.updated_at = now();
            stored.status_reported_at = at.or(stored.status_reported_at);
            events.push(InboxEvent::TemplateStatusChanged {
                account_id: t.account_id,
                name: t.name.to_string(),
                language: t.language.to_string(),
                status: status.clone(),
            });
            // V16: an approval releases the waiting messages (and queues their sends) too.
            if failure_for(&t.status).is_some() || t.status == TemplateState::Approved {
                refused.push((t.account_id, t.name.clone(), t.language.clone()));
            }
        }
        // As `inbox_webhook_template`: a refusal fails the messages waiting for the template
        // (their events follow the template events).
        for (account, name, language) in refused {
            let resolution = self.resolve_waiting(account, &name, &language);
            events.extend(resolution.failed.into_iter().map(|f| {
                InboxEvent::MessageStatusChanged {
                    account_id: account,
                    conversation_id: f.conversation_id,
                    message_id: f.message_id,
                    status: MessageStatus::Failed,
                }
            }));
        }
        events
    }
}

impl MemoryStore {
    /// Adds a `pending` utility template to `account` (an inspection helper for webhook tests).
    ///
    /// # Errors
    /// - `Invalid` (entity "template") for a name or language Meta would refuse.
    /// - `Internal` when a panic poisoned the store.
    pub fn add_template(
        &self,
        account: AccountId,
        meta_template_id: Option<i64>,
        name: &str,
        language: &str,
    ) -> Result<(), RepoError> {
        let invalid = |e: inbox_domain::ValidationError| RepoError::Invalid {
            entity: "template",
            reason: e.to_string(),
        };
        let at = now();
        let template = Template {
            id: TemplateId::generate(),
            account_id: account,
            meta_template_id: meta_template_id.map(|id| id.to_string()),
            name: TemplateName::parse(name).map_err(invalid)?,
            language: LanguageCode::parse(language).map_err(invalid)?,
            category: TemplateCategory::Utility,
            status: TemplateState::Pending,
            components: serde_json::Value::Array(Vec::new()),
            rejected_reason: None,
            auto_created: false,
            created_at: at,
            updated_at: at,
        };
        self.write()?.templates.push(StoredTemplate {
            template,
            status_reported_at: None,
        });
        Ok(())
    }

    /// The status (lower case, as stored) and rejection reason of `account`'s template `name`
    /// in `language`.
    ///
    /// # Errors
    /// - `Internal` when a panic poisoned the store.
    pub fn template_status(
        &self,
        account: AccountId,
        name: &str,
        language: &str,
    ) -> Result<Option<(String, Option<String>)>, RepoError> {
        Ok(self
            .read()?
            .templates
            .iter()
            .find(|t| {
                t.template.account_id == account
                    && t.template.name.as_str() == name
                    && t.template.language.as_str() == language
            })
            .map(|t| {
                let status =
                    state_to_stored(&t.template.status).unwrap_or_else(|_| t.stored_status());
                (status, t.template.rejected_reason.clone())
            }))
    }
}
