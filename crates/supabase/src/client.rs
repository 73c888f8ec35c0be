//! The pooled HTTP client of one adapter, carrying the service key as sensitive headers.

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Client, redirect};
use secrecy::ExposeSecret;
use std::time::Duration;

use crate::project::{SupabaseProject, SupabaseSetupError};

/// How an adapter talks to Supabase. The defaults are chosen, not inherited:
///
/// - **connect timeout 3 s**: a TCP and TLS handshake to Supabase's edge takes tens of
///   milliseconds; longer is a network problem, reported at once as `Unavailable`.
/// - **whole-call timeout 15 s**: admin calls answer in well under a second, but an invitation
///   sends its email synchronously through the project's SMTP server, which can take seconds.
///   A person is waiting on the other side (`POST /admin/invitations`), so not longer.
/// - **keep-alive pool, 8 idle connections per host for 60 s**: Auth admin calls are rare
///   (invitations, user administration); a few warm connections avoid a handshake per call,
///   and idle ones are closed before Supabase's edge or a NAT drops them silently. TCP
///   keep-alive probes every 30 s find half-open ones.
/// - **no redirects**: the APIs never redirect; following one could send the key elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// TCP and TLS handshake limit.
    pub connect_timeout: Duration,
    /// Whole-call limit, reading the answer included.
    pub request_timeout: Duration,
    /// How long an idle pooled connection is kept.
    pub pool_idle_timeout: Duration,
    /// How many idle connections per host are kept.
    pub pool_max_idle_per_host: usize,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(15),
            pool_idle_timeout: Duration::from_secs(60),
            pool_max_idle_per_host: 8,
        }
    }
}

/// A client whose every request carries `apikey: <service key>` and
/// `Authorization: Bearer <service key>` (the same value, as Supabase requires for `sb_secret_`
/// keys), both marked sensitive so no debug output shows them.
pub(crate) fn service_client(
    project: &SupabaseProject,
    settings: &ClientSettings,
) -> Result<Client, SupabaseSetupError> {
    let key = project.service_key().expose_secret();
    let mut apikey = HeaderValue::from_str(key).map_err(|_| SupabaseSetupError::ServiceKey)?;
    apikey.set_sensitive(true);
    let mut bearer = HeaderValue::from_str(&format!("Bearer {key}"))
        .map_err(|_| SupabaseSetupError::ServiceKey)?;
    bearer.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert("apikey", apikey);
    headers.insert(AUTHORIZATION, bearer);
    Client::builder()
        .default_headers(headers)
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.request_timeout)
        .pool_idle_timeout(settings.pool_idle_timeout)
        .pool_max_idle_per_host(settings.pool_max_idle_per_host)
        .tcp_keepalive(Duration::from_secs(30))
        .redirect(redirect::Policy::none())
        // A browser-like agent makes Supabase refuse secret keys (docs/supabase.md §1).
        .user_agent(concat!("inbox/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(SupabaseSetupError::Client)
}
