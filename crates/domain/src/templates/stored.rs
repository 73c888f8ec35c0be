//! One stored template, the filter of the list, and what a sync from Meta brings.

use time::OffsetDateTime;

use crate::error::{RepoError, ValidationError};
use crate::ids::{AccountId, TemplateId};
use crate::outbound::{
    LanguageCode, TemplateCategory, TemplateName, TemplateState, TemplateSummary,
};

/// A template of one account, as stored (one name in one language).
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Our id.
    pub id: TemplateId,
    /// The business number it belongs to.
    pub account_id: AccountId,
    /// Meta's id, once Meta has answered with one.
    pub meta_template_id: Option<String>,
    /// The name.
    pub name: TemplateName,
    /// The language.
    pub language: LanguageCode,
    /// The category.
    pub category: TemplateCategory,
    /// The review status (`Other("DELETED")` once Meta no longer has it).
    pub status: TemplateState,
    /// Meta's components (a JSON array).
    pub components: serde_json::Value,
    /// Why review refused it, when it was rejected.
    pub rejected_reason: Option<String>,
    /// `true` when the auto-template fallback created it (counted by the spam-risk limit).
    pub auto_created: bool,
    /// When it was recorded (or re-created).
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// Which templates a list returns; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFilter {
    /// Only this status; without it, deleted templates are left out.
    pub status: Option<TemplateState>,
    /// Only this category.
    pub category: Option<TemplateCategory>,
}

/// A template as Meta lists it, checked for what we store.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteTemplate {
    /// Meta's id.
    pub meta_template_id: String,
    /// The name.
    pub name: TemplateName,
    /// The language.
    pub language: LanguageCode,
    /// The category.
    pub category: TemplateCategory,
    /// The review status.
    pub status: TemplateState,
    /// The components (a JSON array).
    pub components: serde_json::Value,
}

impl RemoteTemplate {
    /// Checks one listed template: a numeric id, a valid name, language, category and status.
    pub fn from_summary(summary: &TemplateSummary) -> Result<Self, ValidationError> {
        let id_ok =
            (1..=32).contains(&summary.id.len()) && summary.id.bytes().all(|b| b.is_ascii_digit());
        if !id_ok {
            return Err(ValidationError::new(
                "template.id",
                "must be Meta's numeric id",
            ));
        }
        let category = summary
            .category
            .as_deref()
            .ok_or_else(|| ValidationError::new("template.category", "is missing"))?
            .parse()?;
        state_to_stored(&summary.status)?;
        let components = if summary.components.is_array() {
            summary.components.clone()
        } else {
            serde_json::Value::Array(Vec::new())
        };
        Ok(Self {
            meta_template_id: summary.id.clone(),
            name: TemplateName::parse(&summary.name)?,
            language: LanguageCode::parse(&summary.language)?,
            category,
            status: summary.status.clone(),
            components,
        })
    }
}

/// What one sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncOutcome {
    /// Templates inserted, or changed, from Meta's list.
    pub upserted: u32,
    /// Stored templates Meta no longer lists, now marked deleted.
    pub deleted: u32,
    /// The templates whose status the sync changed (new ones included), so the caller can
    /// publish the changes and resolve the messages waiting for them.
    pub status_changed: Vec<TemplateReview>,
}

/// A review status Meta reported for one template (by a status check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateReview {
    /// The business number.
    pub account_id: AccountId,
    /// The name.
    pub name: TemplateName,
    /// The language.
    pub language: LanguageCode,
    /// The status Meta reports.
    pub status: TemplateState,
    /// Meta's reason, kept only for a rejection.
    pub reason: Option<String>,
}

/// The statuses the `templates` table accepts, lower case as stored.
const STORED_STATES: [&str; 12] = [
    "pending",
    "approved",
    "rejected",
    "paused",
    "disabled",
    "in_appeal",
    "pending_deletion",
    "deleted",
    "limit_exceeded",
    "archived",
    "reinstated",
    "flagged",
];

/// The stored (lower-case) form of a status; Meta's statuses outside the table's list are refused.
pub fn state_to_stored(state: &TemplateState) -> Result<String, ValidationError> {
    let stored = state.as_str().to_ascii_lowercase();
    if STORED_STATES.contains(&stored.as_str()) {
        Ok(stored)
    } else {
        Err(ValidationError::new(
            "template.status",
            "is not a status we know",
        ))
    }
}

/// The stored form of a status a template repository is given: one outside the table's list is
/// refused as `RepoError::Invalid` for the template, before anything is stored (every adapter).
pub fn state_for_store(state: &TemplateState) -> Result<String, RepoError> {
    state_to_stored(state).map_err(|e| RepoError::Invalid {
        entity: "template",
        reason: e.reason,
    })
}

/// A status read back from storage.
pub fn state_from_stored(stored: &str) -> TemplateState {
    TemplateState::from_meta(&stored.to_ascii_uppercase())
}

/// The stored (lower-case) form of a category.
pub fn category_to_stored(category: TemplateCategory) -> &'static str {
    match category {
        TemplateCategory::Authentication => "authentication",
        TemplateCategory::Marketing => "marketing",
        TemplateCategory::Utility => "utility",
    }
}

/// A category read back from storage.
pub fn category_from_stored(stored: &str) -> Result<TemplateCategory, ValidationError> {
    stored.parse()
}
