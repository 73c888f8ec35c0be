//! Which Supabase project to talk to, and with which key.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use thiserror::Error;

/// An adapter could not be set up.
#[derive(Debug, Error)]
pub enum SupabaseSetupError {
    /// The project URL is not an absolute `http(s)` URL without query or fragment.
    #[error("SUPABASE_URL must be an absolute http(s) URL such as https://<ref>.supabase.co")]
    Url,
    /// The service key is empty or cannot be sent in an HTTP header.
    #[error("SUPABASE_SERVICE_KEY must be a non-empty key of visible ASCII characters")]
    ServiceKey,
    /// The HTTP client could not be built (TLS roots, resolver).
    #[error("building the Supabase HTTP client")]
    Client(#[source] reqwest::Error),
}

/// A Supabase project: its URL and its service key (`sb_secret_…` or a legacy `service_role`
/// JWT), which bypasses row-level security and administers Auth. `Debug` hides the key.
#[derive(Clone)]
pub struct SupabaseProject {
    url: String,
    service_key: SecretString,
}

impl SupabaseProject {
    /// The project at `url` (e.g. `https://<ref>.supabase.co`, or a local fake), trailing
    /// slashes removed.
    ///
    /// # Errors
    /// `Url` for anything but an absolute `http(s)` URL without query or fragment; `ServiceKey`
    /// for an empty key or one that is not visible ASCII.
    pub fn new(url: &str, service_key: SecretString) -> Result<Self, SupabaseSetupError> {
        let url = url.trim().trim_end_matches('/');
        let host = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or_default();
        if host.is_empty() || url.contains(['?', '#']) || url.chars().any(char::is_whitespace) {
            return Err(SupabaseSetupError::Url);
        }
        let key = service_key.expose_secret();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SupabaseSetupError::ServiceKey);
        }
        Ok(Self {
            url: url.to_owned(),
            service_key,
        })
    }

    /// The project URL, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The service key; expose it only to put it in a request header.
    pub(crate) const fn service_key(&self) -> &SecretString {
        &self.service_key
    }
}

impl fmt::Debug for SupabaseProject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SupabaseProject")
            .field("url", &self.url)
            .field("service_key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(value: &str) -> SecretString {
        SecretString::from(value.to_owned())
    }

    #[test]
    fn a_project_needs_an_http_url_and_a_header_safe_key() {
        let project = SupabaseProject::new("https://abc.supabase.co/", key("sb_secret_x")).unwrap();
        assert_eq!(project.url(), "https://abc.supabase.co");
        for bad in [
            "",
            "abc.supabase.co",
            "https://",
            "https://x.co/?a=1",
            "ftp://x.co",
        ] {
            assert!(
                matches!(
                    SupabaseProject::new(bad, key("k")),
                    Err(SupabaseSetupError::Url)
                ),
                "{bad:?}"
            );
        }
        for bad in ["", "with space", "line\nbreak"] {
            assert!(
                matches!(
                    SupabaseProject::new("http://127.0.0.1:1", key(bad)),
                    Err(SupabaseSetupError::ServiceKey)
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn debug_output_hides_the_key() {
        let project =
            SupabaseProject::new("https://abc.supabase.co", key("sb_secret_abc")).unwrap();
        assert!(!format!("{project:?}").contains("sb_secret"));
    }
}
