//! `templates` in memory, as far as webhook review updates touch them (`inbox_webhook_template`).

use time::OffsetDateTime;

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::document::DocTemplate;
use inbox_domain::{AccountId, RepoError};

use crate::clock::stored;
use crate::state::State;
use crate::store::MemoryStore;

/// A message template's review state.
#[derive(Debug, Clone)]
pub(crate) struct StoredTemplate {
    account_id: AccountId,
    meta_template_id: Option<String>,
    name: String,
    language: String,
    status: String,
    rejected_reason: Option<String>,
    status_reported_at: Option<OffsetDateTime>,
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
                .any(|t| t.meta_template_id == update.meta_template_id);
        let waba_accounts: Vec<AccountId> = self
            .accounts
            .values()
            .filter(|a| update.waba_id.as_ref() == Some(&a.waba_id))
            .map(|a| a.id)
            .collect();
        let mut events = Vec::new();
        for template in &mut self.templates {
            let addressed = if by_id {
                template.meta_template_id == update.meta_template_id
            } else {
                template.meta_template_id.is_none()
                    && template.name == update.name
                    && template.language == update.language
                    && waba_accounts.contains(&template.account_id)
            };
            let newer = match (at, template.status_reported_at) {
                (Some(at), Some(last)) => last <= at,
                _ => true,
            };
            let differs = (&template.status, &template.rejected_reason) != (status, &reason);
            if !(addressed && newer && differs) {
                continue;
            }
            template.status = status.clone();
            template.rejected_reason = reason.clone();
            template.status_reported_at = at.or(template.status_reported_at);
            events.push(InboxEvent::TemplateStatusChanged {
                account_id: template.account_id,
                name: template.name.clone(),
                language: template.language.clone(),
                status: template.status.clone(),
            });
        }
        events
    }
}

impl MemoryStore {
    /// Adds a `pending` template to `account` (an inspection helper until templates have a port).
    ///
    /// # Errors
    /// - `Internal` when a panic poisoned the store.
    pub fn add_template(
        &self,
        account: AccountId,
        meta_template_id: Option<i64>,
        name: &str,
        language: &str,
    ) -> Result<(), RepoError> {
        self.write()?.templates.push(StoredTemplate {
            account_id: account,
            meta_template_id: meta_template_id.map(|id| id.to_string()),
            name: name.to_owned(),
            language: language.to_owned(),
            status: "pending".to_owned(),
            rejected_reason: None,
            status_reported_at: None,
        });
        Ok(())
    }

    /// The status and rejection reason of `account`'s template `name` in `language`.
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
            .find(|t| t.account_id == account && t.name == name && t.language == language)
            .map(|t| (t.status.clone(), t.rejected_reason.clone())))
    }
}
