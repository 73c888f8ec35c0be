//! Managing templates on a WhatsApp Business Account: what we create, list and delete.

use std::str::FromStr;

use super::template_name::{LanguageCode, TemplateName};
use crate::error::ValidationError;

/// A template's category; Meta answers in upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateCategory {
    /// One-time passwords.
    Authentication,
    /// Promotions, offers, announcements.
    Marketing,
    /// Updates about a transaction or account.
    Utility,
}

impl TemplateCategory {
    /// Meta's upper-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Authentication => "AUTHENTICATION",
            Self::Marketing => "MARKETING",
            Self::Utility => "UTILITY",
        }
    }
}

impl FromStr for TemplateCategory {
    type Err = ValidationError;

    /// Accepts Meta's names in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "AUTHENTICATION" => Ok(Self::Authentication),
            "MARKETING" => Ok(Self::Marketing),
            "UTILITY" => Ok(Self::Utility),
            _ => Err(ValidationError::new(
                "template.category",
                "must be authentication, marketing or utility",
            )),
        }
    }
}

/// Where a template stands at Meta. Unknown values are kept as they came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TemplateState {
    /// Can be sent.
    Approved,
    /// Under review.
    Pending,
    /// Refused by review.
    Rejected,
    /// Paused for low quality; cannot be sent.
    Paused,
    /// Disabled; cannot be sent.
    Disabled,
    /// Anything else Meta reports (`IN_APPEAL`, `ARCHIVED`, `LIMIT_EXCEEDED`, ...).
    Other(String),
}

impl TemplateState {
    /// Reads Meta's upper-case status.
    pub fn from_meta(value: &str) -> Self {
        match value {
            "APPROVED" => Self::Approved,
            "PENDING" => Self::Pending,
            "REJECTED" => Self::Rejected,
            "PAUSED" => Self::Paused,
            "DISABLED" => Self::Disabled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Meta's upper-case status.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Approved => "APPROVED",
            Self::Pending => "PENDING",
            Self::Rejected => "REJECTED",
            Self::Paused => "PAUSED",
            Self::Disabled => "DISABLED",
            Self::Other(other) => other,
        }
    }
}

/// A template to submit for review. `components` are Meta's component objects (`HEADER`,
/// `BODY`, `FOOTER`, `BUTTONS` with their examples), passed through as JSON: their schema is
/// Meta's and large, and nothing in the inbox reads them back.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTemplate {
    /// The name (unique per language).
    pub name: TemplateName,
    /// The language.
    pub language: LanguageCode,
    /// The category asked for (Meta may recategorise).
    pub category: TemplateCategory,
    /// `true` for `parameter_format: named`, else positional.
    pub named_parameters: bool,
    /// The components, each a JSON object with a `type`.
    pub components: Vec<serde_json::Value>,
}

impl NewTemplate {
    /// Checks that there is a `BODY` component and every component is an object with a `type`.
    pub fn new(
        name: TemplateName,
        language: LanguageCode,
        category: TemplateCategory,
        named_parameters: bool,
        components: Vec<serde_json::Value>,
    ) -> Result<Self, ValidationError> {
        let kind = |c: &serde_json::Value| {
            c.get("type")
                .and_then(|t| t.as_str())
                .map(str::to_ascii_uppercase)
        };
        if components.iter().any(|c| kind(c).is_none()) {
            return Err(ValidationError::new(
                "template.components",
                "must be objects with a type",
            ));
        }
        if !components
            .iter()
            .any(|c| kind(c).as_deref() == Some("BODY"))
        {
            return Err(ValidationError::new(
                "template.components",
                "must contain a BODY component",
            ));
        }
        Ok(Self {
            name,
            language,
            category,
            named_parameters,
            components,
        })
    }
}

/// What Meta answers to a creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedTemplate {
    /// Meta's template id (a number near 1.7e15, kept as text).
    pub id: String,
    /// Usually `PENDING`; some utility templates are approved at once.
    pub status: TemplateState,
    /// The category Meta assigned.
    pub category: Option<String>,
}

/// One template as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSummary {
    /// Meta's template id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The language code.
    pub language: String,
    /// Where it stands.
    pub status: TemplateState,
    /// Its category, as Meta reports it.
    pub category: Option<String>,
    /// Its components, as Meta reports them.
    pub components: serde_json::Value,
}

/// Which templates to list: an optional exact name, a page size and a cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateQuery {
    /// Only templates with this name.
    pub name: Option<TemplateName>,
    /// Page size (Meta's default when `None`).
    pub limit: Option<u32>,
    /// `paging.cursors.after` of the previous page.
    pub after: Option<String>,
}

/// One page of templates.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePage {
    /// The templates on this page.
    pub templates: Vec<TemplateSummary>,
    /// The cursor of the next page, `None` on the last.
    pub after: Option<String>,
}
