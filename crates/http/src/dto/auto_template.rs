//! Body of `POST /conversations/{id}/messages/auto-template`.

use inbox_domain::ValidationError;
use inbox_domain::outbound::{LanguageCode, TemplateCategory};
use serde::Deserialize;
use utoipa::ToSchema;

/// A free-form text, sent as is inside the 24-hour window and as a template outside it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoTemplateRequest {
    /// The text (up to 1,024 characters when a template has to be created for it).
    pub text: String,
    /// The category of a template created for it: `marketing`, `utility` or
    /// `authentication` (default: the server's, `utility` unless configured).
    #[serde(default)]
    pub category: Option<String>,
    /// The language of the template, e.g. `en_US` (default: the server's, `en_US` unless
    /// configured).
    #[serde(default)]
    pub language: Option<String>,
}

impl AutoTemplateRequest {
    /// The category and language asked for, each `None` when the request names none.
    pub fn choices(
        &self,
    ) -> Result<(Option<TemplateCategory>, Option<LanguageCode>), ValidationError> {
        let category = self
            .category
            .as_deref()
            .map(|c| {
                c.parse::<TemplateCategory>().map_err(|_| {
                    ValidationError::new("category", "must be marketing, utility or authentication")
                })
            })
            .transpose()?;
        let language = self
            .language
            .as_deref()
            .map(|l| LanguageCode::parse(l).map_err(|e| ValidationError::new("language", e.reason)))
            .transpose()?;
        Ok((category, language))
    }
}
