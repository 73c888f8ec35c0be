//! The settings of `POST /conversations/{id}/messages/auto-template`.

use inbox_domain::outbound::{LanguageCode, TemplateCategory};

/// How the auto-template route creates and waits for templates: set it with
/// [`crate::AppState::with_auto_template`].
#[derive(Debug, Clone)]
pub struct AutoTemplateOptions {
    /// Templates the fallback may create per account and UTC day; one more answers 429
    /// (`auto_template_limit`).
    pub daily_limit: u32,
    /// The language of a created template when the request names none.
    pub default_language: LanguageCode,
    /// The category of a created template when the request names none.
    pub default_category: TemplateCategory,
    /// How long a message waits for its template's review before the sweep fails it.
    pub wait: time::Duration,
}

impl Default for AutoTemplateOptions {
    /// 10 templates a day, `en_US`, UTILITY, 24 hours.
    fn default() -> Self {
        Self {
            daily_limit: 10,
            default_language: LanguageCode::parse("en_US")
                .unwrap_or_else(|_| unreachable!("en_US is a valid language code")),
            default_category: TemplateCategory::Utility,
            wait: inbox_domain::templates::DEFAULT_WAIT,
        }
    }
}
