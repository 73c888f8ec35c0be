//! Meta's review of templates in memory: the ones still pending after a while, and a reported
//! status stored when it differs.

use time::OffsetDateTime;

use inbox_domain::RepoError;
use inbox_domain::outbound::TemplateState;
use inbox_domain::templates::{Template, TemplateReview};

use super::checked;
use crate::clock::{now, stored};
use crate::store::MemoryStore;

/// `TemplateRepo::pending_review`.
pub(super) fn pending_review(
    store: &MemoryStore,
    before: OffsetDateTime,
    limit: u32,
) -> Result<Vec<Template>, RepoError> {
    let before = stored(before);
    let state = store.read()?;
    let mut found: Vec<Template> = state
        .templates
        .iter()
        .map(|t| &t.template)
        .filter(|t| t.status == TemplateState::Pending && t.created_at < before)
        .cloned()
        .collect();
    found.sort_by_key(|t| (t.created_at, t.id));
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}

/// `TemplateRepo::apply_review`.
pub(super) fn apply_review(
    store: &MemoryStore,
    review: &TemplateReview,
) -> Result<bool, RepoError> {
    checked(&review.status)?;
    let reason = review
        .reason
        .clone()
        .filter(|_| review.status == TemplateState::Rejected);
    let mut state = store.write()?;
    let Some(i) = state.template_at(
        review.account_id,
        review.name.as_str(),
        review.language.as_str(),
    ) else {
        return Ok(false);
    };
    let t = &mut state.templates[i].template;
    if (&t.status, &t.rejected_reason) == (&review.status, &reason) {
        return Ok(false);
    }
    t.status = review.status.clone();
    t.rejected_reason = reason;
    t.updated_at = now();
    Ok(true)
}
