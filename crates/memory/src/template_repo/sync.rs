//! The catalogue sync in memory, as `inbox_templates_sync` does it: every listed template
//! upserted once, the unlisted ones marked deleted, status changes reported as reviews.

use inbox_domain::ids::TemplateId;
use inbox_domain::outbound::TemplateState;
use inbox_domain::templates::{RemoteTemplate, SyncOutcome, Template, TemplateReview};
use inbox_domain::{AccountId, RepoError};

use super::checked;
use crate::clock::now;
use crate::state::State;
use crate::store::MemoryStore;
use crate::templates::StoredTemplate;

impl State {
    /// Inserts or updates one listed template; `Some(status changed)` when the row changed.
    fn upsert_listed(&mut self, account: AccountId, listed: &RemoteTemplate) -> Option<bool> {
        let taken = self.templates.iter().any(|t| {
            t.template.account_id != account
                && t.template.meta_template_id.as_deref() == Some(&listed.meta_template_id)
        });
        let meta_id = (!taken).then(|| listed.meta_template_id.clone());
        let at = now();
        match self.template_at(account, listed.name.as_str(), listed.language.as_str()) {
            Some(i) => {
                let t = &mut self.templates[i].template;
                let same = (&t.meta_template_id, t.category, &t.status, &t.components)
                    == (
                        &meta_id,
                        listed.category,
                        &listed.status,
                        &listed.components,
                    );
                if same {
                    return None;
                }
                let status_changed = t.status != listed.status;
                t.meta_template_id = meta_id;
                t.category = listed.category;
                t.status = listed.status.clone();
                t.components = listed.components.clone();
                if t.status != TemplateState::Rejected {
                    t.rejected_reason = None;
                }
                t.updated_at = at;
                Some(status_changed)
            }
            None => {
                self.templates.push(StoredTemplate {
                    template: Template {
                        id: TemplateId::generate(),
                        account_id: account,
                        meta_template_id: meta_id,
                        name: listed.name.clone(),
                        language: listed.language.clone(),
                        category: listed.category,
                        status: listed.status.clone(),
                        components: listed.components.clone(),
                        rejected_reason: None,
                        auto_created: false,
                        created_at: at,
                        updated_at: at,
                    },
                    status_reported_at: None,
                });
                Some(true)
            }
        }
    }
}

/// The review a changed template reports.
fn review_of(t: &Template) -> TemplateReview {
    TemplateReview {
        account_id: t.account_id,
        name: t.name.clone(),
        language: t.language.clone(),
        status: t.status.clone(),
        reason: t.rejected_reason.clone(),
    }
}

/// `TemplateRepo::sync`.
pub(super) fn sync(
    store: &MemoryStore,
    account: AccountId,
    listed: &[RemoteTemplate],
) -> Result<SyncOutcome, RepoError> {
    for t in listed {
        checked(&t.status)?;
    }
    let mut state = store.write()?;
    if !state.accounts.contains_key(&account) {
        return Err(RepoError::not_found("account"));
    }
    let mut outcome = SyncOutcome::default();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for t in listed {
        let key = (t.name.as_str(), t.language.as_str());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if let Some(status_changed) = state.upsert_listed(account, t) {
            outcome.upserted += 1;
            if status_changed {
                let i = state.template_at(account, key.0, key.1);
                if let Some(i) = i {
                    outcome
                        .status_changed
                        .push(review_of(&state.templates[i].template));
                }
            }
        }
    }
    let deleted = TemplateState::Other("DELETED".to_owned());
    let at = now();
    for stored in &mut state.templates {
        let t = &mut stored.template;
        let listed = seen.contains(&(t.name.as_str(), t.language.as_str()));
        if t.account_id == account && t.status != deleted && !listed {
            t.status = deleted.clone();
            t.updated_at = at;
            outcome.deleted += 1;
            outcome.status_changed.push(review_of(t));
        }
    }
    Ok(outcome)
}
