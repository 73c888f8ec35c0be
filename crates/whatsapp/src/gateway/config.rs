//! Where the Graph API is and how we talk to it: base URL, version, timeouts, pooling, media hosts.

use std::time::Duration;

use inbox_domain::outbound::ApiVersion;

/// Meta's Graph API.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";
/// The host Meta serves media downloads from (`docs/RELIABILITY.md`, media downloads).
pub const DEFAULT_MEDIA_HOST: &str = "lookaside.fbsbx.com";

/// How the gateway reaches the Graph API. The defaults are chosen, not inherited:
///
/// - **connect timeout 3 s**: a TCP and TLS handshake to Meta takes tens of milliseconds; a
///   connect that takes longer is a network problem, and failing fast before the request is
///   sent keeps the error retryable (Meta cannot have seen it).
/// - **send timeout 15 s** for JSON calls: Meta answers a send in 0.3 to 1 s; 15 s covers its
///   slow tail without holding a worker for ever. A timeout here comes after the request left,
///   so a send that times out is ambiguous and waits for reconciliation.
/// - **media timeout 60 s** for uploads and downloads of up to 100 MB.
/// - **HTTP/1.1 with keep-alive**: every in-flight call has its own pooled connection, so one
///   slow answer never stalls the others behind it (HTTP/2 would multiplex every worker onto
///   one TCP connection, sharing its congestion window and head-of-line losses), and the pool
///   size is what bounds our concurrency towards Meta, which is easy to reason about.
/// - **pool: up to 64 idle connections per host, idle for at most 60 s**: Meta's default tier
///   (80 messages/s) at its slow latency (0.8 s) keeps about 64 calls in flight, so they reuse
///   connections instead of reconnecting; raise it to rate × latency for the 1,000/s tier
///   (about 500). Idle connections are closed before Meta's front end or a NAT drops them
///   silently (a dead pooled connection costs a failed call); TCP keep-alive probes every 30 s
///   detect half-open ones.
/// - **no redirects**: the Graph API never redirects; a media download must not be led off
///   the allowed hosts with our token.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    /// Base URL without the version, e.g. `https://graph.facebook.com` or a fake's URL.
    pub base_url: String,
    /// Version used when the credentials name none.
    pub api_version: ApiVersion,
    /// TCP and TLS handshake limit.
    pub connect_timeout: Duration,
    /// Whole-call limit for JSON calls (sends, templates, profile, media metadata).
    pub send_timeout: Duration,
    /// Whole-call limit for media uploads and downloads.
    pub media_timeout: Duration,
    /// How long an idle pooled connection is kept.
    pub pool_idle_timeout: Duration,
    /// How many idle connections per host are kept.
    pub pool_max_idle_per_host: usize,
    /// Hosts media may be downloaded from (exact names). The token is sent to no other host.
    pub media_hosts: Vec<String>,
    /// Allow `http` and any port for media downloads: for local fakes only.
    pub allow_insecure_media: bool,
}

impl GraphConfig {
    /// Meta's Graph API with the defaults above.
    pub fn meta() -> Self {
        Self::with_base_url(DEFAULT_BASE_URL)
    }

    /// The defaults above against another base URL (a fake, a proxy).
    pub fn with_base_url(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_version: ApiVersion::default(),
            connect_timeout: Duration::from_secs(3),
            send_timeout: Duration::from_secs(15),
            media_timeout: Duration::from_secs(60),
            pool_idle_timeout: Duration::from_secs(60),
            pool_max_idle_per_host: 64,
            media_hosts: vec![DEFAULT_MEDIA_HOST.to_owned()],
            allow_insecure_media: false,
        }
    }

    /// A local fake on `base_url`: media from its host over plain HTTP.
    pub fn local_fake(base_url: &str) -> Self {
        let mut config = Self::with_base_url(base_url);
        let host = base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .unwrap_or("127.0.0.1");
        config.media_hosts = vec![host.to_owned()];
        config.allow_insecure_media = true;
        config
    }
}

impl Default for GraphConfig {
    fn default() -> Self {
        Self::meta()
    }
}
