//! `[templates]`: the periodic status check and the auto-template spam-risk limit.

use std::time::Duration;

use inbox_domain::outbound::{LanguageCode, TemplateCategory};
use inbox_http::AutoTemplateOptions;
use serde::Deserialize;

use crate::error::StartupError;

/// `[templates]` settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TemplateSettings {
    /// Seconds between two status checks; 0 runs none in this process
    /// (`INBOX_TEMPLATES__STATUS_CHECK_INTERVAL_SECS`, default 300).
    pub status_check_interval_secs: u64,
    /// A template still pending review this many seconds after it was created is asked about
    /// (`INBOX_TEMPLATES__PENDING_CHECK_AFTER_SECS`, default 3600: Meta reviews most within
    /// minutes, and its status webhook normally arrives first).
    pub pending_check_after_secs: u64,
    /// Templates asked about per check, oldest first (`INBOX_TEMPLATES__STATUS_CHECK_BATCH`,
    /// default 50; each is one Graph API call).
    pub status_check_batch: u32,
    /// Templates the auto-template fallback may create per account and UTC day; more is
    /// refused as a spam risk (`INBOX_TEMPLATES__AUTO_CREATE_DAILY_LIMIT`, default 10).
    pub auto_create_daily_limit: u32,
    /// The language of an auto-created template when the request names none
    /// (`INBOX_TEMPLATES__AUTO_TEMPLATE_LANGUAGE`, default `en_US`).
    pub auto_template_language: String,
    /// The category of an auto-created template when the request names none
    /// (`INBOX_TEMPLATES__AUTO_TEMPLATE_CATEGORY`, default `utility`).
    pub auto_template_category: String,
    /// Seconds a message waits for its template's review before it fails
    /// (`INBOX_TEMPLATES__AUTO_TEMPLATE_WAIT_SECS`, default 86400).
    pub auto_template_wait_secs: u64,
    /// Each status check also deletes, at Meta and then here, the auto-created templates whose
    /// released messages were all read and that nothing else needs
    /// (`INBOX_TEMPLATES__DELETE_AUTO_CREATED_AFTER_READ`, default false: a deletion at Meta
    /// cannot be undone; on, it keeps Meta's per-business template count low).
    pub delete_auto_created_after_read: bool,
}

impl Default for TemplateSettings {
    fn default() -> Self {
        Self {
            status_check_interval_secs: 300,
            pending_check_after_secs: 3600,
            status_check_batch: 50,
            auto_create_daily_limit: 10,
            auto_template_language: "en_US".to_owned(),
            auto_template_category: "utility".to_owned(),
            auto_template_wait_secs: 86_400,
            delete_auto_created_after_read: false,
        }
    }
}

impl TemplateSettings {
    /// The pause between checks, `None` when the check is off.
    pub fn check_interval(&self) -> Option<Duration> {
        (self.status_check_interval_secs > 0)
            .then(|| Duration::from_secs(self.status_check_interval_secs))
    }

    /// The auto-template route's limits and defaults.
    ///
    /// # Errors
    /// `StartupError::Invalid` naming the setting for a language or category Meta refuses, or
    /// a wait of zero seconds or more than 30 days.
    pub fn auto_template(&self) -> Result<AutoTemplateOptions, StartupError> {
        let invalid = |setting: &str, why: String| {
            StartupError::Invalid(format!("templates.{setting}: {why}"))
        };
        let default_language = LanguageCode::parse(&self.auto_template_language)
            .map_err(|e| invalid("auto_template_language", e.reason))?;
        let default_category = self
            .auto_template_category
            .parse::<TemplateCategory>()
            .map_err(|e| invalid("auto_template_category", e.reason))?;
        if !(1..=30 * 86_400).contains(&self.auto_template_wait_secs) {
            return Err(invalid(
                "auto_template_wait_secs",
                "must be 1 to 2592000 (30 days)".to_owned(),
            ));
        }
        Ok(AutoTemplateOptions {
            daily_limit: self.auto_create_daily_limit,
            default_language,
            default_category,
            wait: time::Duration::seconds(
                i64::try_from(self.auto_template_wait_secs).unwrap_or(86_400),
            ),
        })
    }

    /// How long a template may stay pending before it is asked about.
    pub fn pending_after(&self) -> Duration {
        Duration::from_secs(self.pending_check_after_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_values() {
        let s = TemplateSettings::default();
        assert_eq!(s.check_interval(), Some(Duration::from_secs(300)));
        assert_eq!(s.pending_after(), Duration::from_secs(3600));
        assert_eq!((s.status_check_batch, s.auto_create_daily_limit), (50, 10));
        assert!(
            !s.delete_auto_created_after_read,
            "the cleanup is off by default"
        );
        let off = TemplateSettings {
            status_check_interval_secs: 0,
            ..s
        };
        assert_eq!(off.check_interval(), None);
        let auto = TemplateSettings::default().auto_template().unwrap();
        assert_eq!(auto.default_language.as_str(), "en_US");
        assert_eq!(auto.default_category, TemplateCategory::Utility);
        assert_eq!((auto.daily_limit, auto.wait), (10, time::Duration::days(1)));
        let bad = TemplateSettings {
            auto_template_category: "spam".to_owned(),
            ..TemplateSettings::default()
        };
        assert!(bad.auto_template().is_err());
    }
}
