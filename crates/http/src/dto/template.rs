//! Template bodies: the list query, a template as stored, the creation request and the sync
//! report.

use inbox_domain::outbound::{
    LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::templates::{SyncOutcome, Template, TemplateFilter};
use inbox_domain::{Cursor, Page, PageLimit, ValidationError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::query::{parse_cursor, parse_limit};

/// Query of `GET /accounts/{id}/templates`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateListQuery {
    /// Only this status (Meta's name, any case: `approved`, `pending`, `rejected`, `paused`,
    /// `disabled`, `deleted`...); without it, deleted templates are left out.
    pub status: Option<String>,
    /// Only this category: `marketing`, `utility` or `authentication`.
    pub category: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

impl TemplateListQuery {
    /// The filter, the position after which to continue, and the page size.
    pub fn try_into_domain(
        &self,
    ) -> Result<(TemplateFilter, Option<Cursor>, PageLimit), ValidationError> {
        let status = self
            .status
            .as_deref()
            .map(|s| {
                let state = TemplateState::from_meta(&s.trim().to_ascii_uppercase());
                inbox_domain::templates::state_to_stored(&state)
                    .map(|_| state)
                    .map_err(|_| ValidationError::new("status", "is not a template status"))
            })
            .transpose()?;
        let category = self
            .category
            .as_deref()
            .map(|c| {
                c.parse::<TemplateCategory>().map_err(|_| {
                    ValidationError::new("category", "must be marketing, utility or authentication")
                })
            })
            .transpose()?;
        let cursor = parse_cursor("cursor", self.cursor.as_deref())?;
        Ok((
            TemplateFilter { status, category },
            cursor,
            parse_limit(self.limit.as_deref())?,
        ))
    }
}

/// A template as the inbox stores it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateResponse {
    /// Our id.
    #[schema(value_type = Uuid)]
    pub id: String,
    /// Meta's id, once known.
    pub meta_template_id: Option<String>,
    /// The name (one template per name and language).
    pub name: String,
    /// The language code, e.g. `en_US`.
    pub language: String,
    /// `marketing`, `utility` or `authentication`.
    pub category: String,
    /// Meta's review status, lower case: `approved`, `pending`, `rejected`, `deleted`...
    pub status: String,
    /// Meta's components (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`).
    #[schema(value_type = Vec<Object>)]
    pub components: serde_json::Value,
    /// Why review refused it.
    pub rejected_reason: Option<String>,
    /// Created by the auto-template fallback.
    pub auto_created: bool,
    /// When it was recorded (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it last changed (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<&Template> for TemplateResponse {
    fn from(t: &Template) -> Self {
        Self {
            id: t.id.to_string(),
            meta_template_id: t.meta_template_id.clone(),
            name: t.name.to_string(),
            language: t.language.to_string(),
            category: inbox_domain::templates::category_to_stored(t.category).to_owned(),
            status: t.status.as_str().to_ascii_lowercase(),
            components: t.components.clone(),
            rejected_reason: t.rejected_reason.clone(),
            auto_created: t.auto_created,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// One page of templates, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateList {
    /// The templates of this page.
    pub items: Vec<TemplateResponse>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl From<&Page<Template>> for TemplateList {
    fn from(page: &Page<Template>) -> Self {
        Self {
            items: page.items.iter().map(Into::into).collect(),
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}

/// Body of `POST /accounts/{id}/templates`: a template to submit to Meta for review.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTemplateRequest {
    /// Lowercase letters, digits and `_`, up to 512.
    pub name: String,
    /// Language code, e.g. `en_US`.
    pub language: String,
    /// `marketing`, `utility` or `authentication`.
    pub category: String,
    /// `named` for `{{first_name}}` parameters; positional (`{{1}}`) by default.
    #[serde(default)]
    pub parameter_format: Option<String>,
    /// Meta's component objects; one must be the `BODY`.
    #[schema(value_type = Vec<Object>)]
    pub components: Vec<serde_json::Value>,
}

impl CreateTemplateRequest {
    /// The template to submit.
    pub fn try_into_domain(self) -> Result<NewTemplate, ValidationError> {
        let named = match self.parameter_format.as_deref() {
            None | Some("positional") => false,
            Some("named") => true,
            Some(_) => {
                return Err(ValidationError::new(
                    "parameter_format",
                    "must be positional or named",
                ));
            }
        };
        NewTemplate::new(
            TemplateName::parse(&self.name)?,
            LanguageCode::parse(&self.language)?,
            self.category.parse()?,
            named,
            self.components,
        )
    }
}

/// A template whose status a sync changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateStatusChange {
    /// The name.
    pub name: String,
    /// The language code.
    pub language: String,
    /// The new status, lower case.
    pub status: String,
}

/// What `POST /accounts/{id}/templates/sync` did.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncReport {
    /// How many templates Meta listed.
    pub listed: u32,
    /// Listed templates we could not store (an unknown status or category): left out.
    pub skipped: u32,
    /// Templates inserted, or changed, from Meta's list.
    pub upserted: u32,
    /// Stored templates Meta no longer has, now marked deleted.
    pub deleted: u32,
    /// Templates whose status changed.
    pub status_changed: Vec<TemplateStatusChange>,
}

impl SyncReport {
    /// The report of a sync of `listed` templates of which `skipped` were left out.
    pub fn new(listed: u32, skipped: u32, outcome: &SyncOutcome) -> Self {
        Self {
            listed,
            skipped,
            upserted: outcome.upserted,
            deleted: outcome.deleted,
            status_changed: outcome
                .status_changed
                .iter()
                .map(|r| TemplateStatusChange {
                    name: r.name.to_string(),
                    language: r.language.to_string(),
                    status: r.status.as_str().to_ascii_lowercase(),
                })
                .collect(),
        }
    }
}
