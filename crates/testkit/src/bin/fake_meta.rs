//! `fake-meta`: the fake Meta Graph API on its own, for watching the send flow locally.
//!
//! ```text
//! cargo run -p inbox-testkit --bin fake-meta -- --bind 127.0.0.1:9090 \
//!     [--latency-ms 300] [--webhook-url http://127.0.0.1:8080/webhook/whatsapp --app-secret S]
//! ```
//! Point `inboxd` at it with `INBOX_GRAPH_API_URL=http://127.0.0.1:9090`. It logs each call
//! (route and status, never bodies or tokens) and, with a webhook URL, reports `sent`,
//! `delivered` and `read` for every accepted message shortly after.

use clap::Parser;
use inbox_testkit::fake_meta::{
    AutoStatuses, FakeMeta, FakeMetaConfig, FakeMetaError, Latency, WebhookTarget,
};
use std::net::SocketAddr;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// A fake Meta WhatsApp Cloud API (Graph API) on a local port.
#[derive(Debug, Parser)]
#[command(name = "fake-meta", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9090")]
    bind: SocketAddr,
    /// Wait this long before every answer (Meta answers a send in 300 to 800 ms).
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// With --latency-ms, wait a uniformly random time up to this instead.
    #[arg(long)]
    latency_max_ms: Option<u64>,
    /// Sends per phone number and second before answering 130429.
    #[arg(long)]
    throughput: Option<u32>,
    /// The only accepted bearer token; without it any non-empty token is accepted.
    #[arg(long, env = "FAKE_META_ACCESS_TOKEN")]
    access_token: Option<String>,
    /// Where to post status webhooks (the inbox's `/webhook/whatsapp`).
    #[arg(long, requires = "app_secret")]
    webhook_url: Option<String>,
    /// The Meta app secret that signs webhooks.
    #[arg(long, env = "FAKE_META_APP_SECRET", requires = "webhook_url")]
    app_secret: Option<String>,
    /// Send templates whether or not they exist or are approved here.
    #[arg(long)]
    accept_any_template: bool,
    /// Approve created templates after this many milliseconds (and report it by webhook).
    #[arg(long)]
    approve_templates_after_ms: Option<u64>,
    /// actix workers.
    #[arg(long, default_value_t = 2)]
    workers: usize,
}

impl Args {
    fn config(self) -> FakeMetaConfig {
        let min = Duration::from_millis(self.latency_ms);
        let latency = match (self.latency_ms, self.latency_max_ms) {
            (_, Some(max)) => Latency::Uniform(min, Duration::from_millis(max)),
            (0, None) => Latency::None,
            (_, None) => Latency::Fixed(min),
        };
        let webhook = self
            .webhook_url
            .zip(self.app_secret)
            .map(|(url, app_secret)| WebhookTarget { url, app_secret });
        FakeMetaConfig {
            bind: self.bind,
            access_token: self.access_token,
            latency,
            throughput_per_second: self.throughput,
            auto_statuses: webhook.as_ref().map(|_| AutoStatuses::default()),
            webhook,
            check_templates: !self.accept_any_template,
            approve_templates_after: self.approve_templates_after_ms.map(Duration::from_millis),
            workers: self.workers.max(1),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), FakeMetaError> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = Args::parse().config();
    let webhooks = config.webhook.is_some();
    let any_token = config.access_token.is_none();
    let fake = FakeMeta::start_with(config).await?;
    tracing::info!(
        graph.url = fake.url(),
        webhooks,
        any_token,
        "fake Meta Graph API listening; Ctrl-C stops it"
    );
    tokio::signal::ctrl_c().await?;
    tracing::info!(calls = fake.calls().len(), "fake Meta Graph API stopping");
    Ok(())
}
