//! Reads and writes of single templates in memory: the account's page, one by name and
//! language, one created at Meta, a name marked deleted, and the count of auto-created ones.

use time::OffsetDateTime;

use inbox_domain::ids::TemplateId;
use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::templates::{Template, TemplateFilter, state_to_stored};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError};

use super::checked;
use crate::clock::{now, stored};
use crate::store::MemoryStore;
use crate::templates::StoredTemplate;

/// `TemplateRepo::list`.
pub(super) fn list(
    store: &MemoryStore,
    account: AccountId,
    filter: &TemplateFilter,
    cursor: Option<Cursor>,
    limit: PageLimit,
) -> Result<Page<Template>, RepoError> {
    if let Some(status) = &filter.status {
        checked(status)?;
    }
    let deleted = TemplateState::Other("DELETED".to_owned());
    let state = store.read()?;
    let mut items: Vec<Template> = state
        .templates
        .iter()
        .map(|t| &t.template)
        .filter(|t| t.account_id == account)
        .filter(|t| match &filter.status {
            Some(status) => &t.status == status,
            None => t.status != deleted,
        })
        .filter(|t| filter.category.is_none_or(|c| t.category == c))
        .filter(|t| cursor.is_none_or(|c| (t.created_at, t.id.as_uuid()) < (c.at, c.id)))
        .cloned()
        .collect();
    items.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
    Ok(Page::from_fetched(items, limit, Template::cursor))
}

/// `TemplateRepo::get`.
pub(super) fn get_one(
    store: &MemoryStore,
    account: AccountId,
    name: &TemplateName,
    language: &LanguageCode,
) -> Result<Option<Template>, RepoError> {
    let state = store.read()?;
    Ok(state
        .template_at(account, name.as_str(), language.as_str())
        .map(|i| state.templates[i].template.clone()))
}

/// `TemplateRepo::record_created`.
pub(super) fn record_created(
    store: &MemoryStore,
    account: AccountId,
    template: &NewTemplate,
    created: &CreatedTemplate,
    auto_created: bool,
) -> Result<Template, RepoError> {
    let category = created
        .category
        .as_deref()
        .and_then(|c| c.parse::<TemplateCategory>().ok())
        .unwrap_or(template.category);
    let status = if state_to_stored(&created.status).is_ok() {
        created.status.clone()
    } else {
        TemplateState::Pending
    };
    let mut state = store.write()?;
    if !state.accounts.contains_key(&account) {
        return Err(RepoError::not_found("account"));
    }
    let at = now();
    let existing = state.template_at(account, template.name.as_str(), template.language.as_str());
    let meta_taken = state.templates.iter().enumerate().any(|(i, t)| {
        Some(i) != existing && t.template.meta_template_id.as_deref() == Some(&created.id)
    });
    if meta_taken {
        return Err(RepoError::Conflict {
            entity: "template",
            constraint: "templates_meta_id_key".to_owned(),
        });
    }
    let row = Template {
        id: existing.map_or_else(TemplateId::generate, |i| state.templates[i].template.id),
        account_id: account,
        meta_template_id: Some(created.id.clone()),
        name: template.name.clone(),
        language: template.language.clone(),
        category,
        status,
        components: serde_json::Value::Array(template.components.clone()),
        rejected_reason: None,
        auto_created,
        created_at: at,
        updated_at: at,
    };
    let stored_row = StoredTemplate {
        template: row.clone(),
        status_reported_at: None,
    };
    match existing {
        Some(i) => state.templates[i] = stored_row,
        None => state.templates.push(stored_row),
    }
    Ok(row)
}

/// `TemplateRepo::mark_deleted`.
pub(super) fn mark_deleted(
    store: &MemoryStore,
    account: AccountId,
    name: &TemplateName,
) -> Result<u32, RepoError> {
    let deleted = TemplateState::Other("DELETED".to_owned());
    let at = now();
    let mut state = store.write()?;
    let mut count = 0;
    for stored in &mut state.templates {
        let t = &mut stored.template;
        if t.account_id == account && &t.name == name && t.status != deleted {
            t.status = deleted.clone();
            t.updated_at = at;
            count += 1;
        }
    }
    if count == 0 {
        return Err(RepoError::not_found("template"));
    }
    Ok(count)
}

/// `TemplateRepo::count_auto_created_since`.
pub(super) fn count_auto_created_since(
    store: &MemoryStore,
    account: AccountId,
    since: OffsetDateTime,
) -> Result<u32, RepoError> {
    let since = stored(since);
    let state = store.read()?;
    let n = state
        .templates
        .iter()
        .filter(|t| {
            t.template.account_id == account
                && t.template.auto_created
                && t.template.created_at >= since
        })
        .count();
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
