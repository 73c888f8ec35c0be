//! How a fake Meta starts: address, accepted token, latency, throughput, webhooks, templates.

use std::net::SocketAddr;
use std::time::Duration;
use uuid::Uuid;

use super::faults::Latency;
use super::webhooks::{AutoStatuses, WebhookTarget};

/// Settings of a fake Meta. `Default` is what tests want: a random port, a random token.
#[derive(Debug, Clone)]
pub struct FakeMetaConfig {
    /// Where to listen; port 0 picks a free one.
    pub bind: SocketAddr,
    /// `Some`: the only accepted bearer token (`190` otherwise); `None`: any non-empty token.
    pub access_token: Option<String>,
    /// Wait before every answer.
    pub latency: Latency,
    /// Sends per phone number and second before `130429` (`None`: no cap).
    pub throughput_per_second: Option<u32>,
    /// Where status webhooks go.
    pub webhook: Option<WebhookTarget>,
    /// Report `sent`, `delivered`, `read` on its own after each accepted send (needs `webhook`).
    pub auto_statuses: Option<AutoStatuses>,
    /// Refuse template sends unless the template exists, is approved and gets the right
    /// number of body parameters (`132001`, `132015`, `132016`, `132000`).
    pub check_templates: bool,
    /// Approve created templates after this long (and report it by webhook).
    pub approve_templates_after: Option<Duration>,
    /// actix workers: 1 for tests, more for benchmarks.
    pub workers: usize,
}

impl Default for FakeMetaConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            access_token: Some(format!("fake-meta-{}", Uuid::new_v4().simple())),
            latency: Latency::None,
            throughput_per_second: None,
            webhook: None,
            auto_statuses: None,
            check_templates: true,
            approve_templates_after: None,
            workers: 1,
        }
    }
}
