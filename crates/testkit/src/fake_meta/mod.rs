//! A fake Meta Graph API: a real HTTP server on `127.0.0.1` for the WhatsApp gateway's tests,
//! benchmarks and local runs.
//!
//! It implements sends (with Meta's validation and answer shapes), mark-as-read, media
//! upload, metadata, download and delete, templates and the business profile
//! (`docs/whatsapp-cloud-api.md` §6 to §11). It records every call, waits as configured,
//! fails as scripted, caps throughput per number with a token bucket (`130429` beyond), and
//! posts signed status webhooks carrying each send's `biz_opaque_callback_data`.

mod config;
mod faults;
mod handlers;
mod media;
mod multipart;
mod reply;
mod send;
mod server;
mod state;
mod templates;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_webhooks;
mod validate;
mod validate_rich;
mod webhooks;

pub use config::FakeMetaConfig;
pub use faults::{FakeRoute, Fault, FaultAction, Latency};
pub use state::{FakeTemplate, RecordedCall, SentMessage, StoredMedia};
pub use webhooks::{AutoStatuses, StatusUpdate, WebhookTarget};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};
use std::net::TcpListener;
use std::sync::Mutex;
use std::time::Duration;
use thiserror::Error;

use server::Shared;
use state::State;

/// What can go wrong driving the fake.
#[derive(Debug, Error)]
pub enum FakeMetaError {
    /// The listener could not be bound or served.
    #[error("fake Meta server")]
    Io(#[from] std::io::Error),
    /// No webhook target is configured.
    #[error("fake Meta has no webhook URL configured")]
    NoWebhook,
    /// The webhook could not be posted (the message has no URL in it).
    #[error("fake Meta could not post the webhook: {0}")]
    Webhook(String),
    /// The fake never accepted a message with this wamid.
    #[error("fake Meta accepted no message {0}")]
    UnknownMessage(String),
}

/// A running fake Meta Graph API; stops when dropped.
pub struct FakeMeta {
    base_url: String,
    shared: web::Data<Shared>,
    handle: ServerHandle,
}

impl FakeMeta {
    /// Starts a fake on a random local port with a random accepted token. Must be called
    /// inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound.
    pub async fn start() -> Result<Self, FakeMetaError> {
        Self::start_with(FakeMetaConfig::default()).await
    }

    /// Starts a fake as `config` says.
    ///
    /// # Errors
    /// `Io` when the address cannot be bound.
    pub async fn start_with(config: FakeMetaConfig) -> Result<Self, FakeMetaError> {
        let listener = TcpListener::bind(config.bind)?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|err| FakeMetaError::Webhook(err.without_url().to_string()))?;
        let shared = web::Data::new(Shared {
            state: Mutex::new(State::new(
                config.latency,
                config.throughput_per_second,
                config.webhook,
            )),
            access_token: config.access_token,
            base_url: base_url.clone(),
            auto_statuses: config.auto_statuses,
            check_templates: config.check_templates,
            approve_templates_after: config.approve_templates_after,
            client,
        });
        let data = shared.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(128 * 1024 * 1024))
                .default_service(web::to(server::dispatch))
        })
        .workers(config.workers)
        .disable_signals()
        .shutdown_timeout(0)
        .listen(listener)?
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(Self {
            base_url,
            shared,
            handle,
        })
    }

    /// `http://127.0.0.1:<port>`: the Graph API base URL (without version) for the gateway.
    pub fn url(&self) -> &str {
        &self.base_url
    }

    /// The accepted bearer token (`None`: any non-empty token is accepted).
    pub fn access_token(&self) -> Option<&str> {
        self.shared.access_token.as_deref()
    }

    /// Every call received so far, oldest first.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.shared.lock().calls.clone()
    }

    /// The calls that hit `route`, oldest first.
    pub fn calls_to(&self, route: FakeRoute) -> Vec<RecordedCall> {
        let state = self.shared.lock();
        state
            .calls
            .iter()
            .filter(|c| c.route == route)
            .cloned()
            .collect()
    }

    /// The last call that hit `route`.
    pub fn last_call(&self, route: FakeRoute) -> Option<RecordedCall> {
        self.calls_to(route).pop()
    }

    /// Forgets the call log.
    pub fn clear_calls(&self) {
        self.shared.lock().calls.clear();
    }

    /// Makes the next `fault.times` calls of `route` misbehave; faults queue up in order.
    pub fn inject(&self, route: FakeRoute, fault: Fault) {
        self.shared
            .lock()
            .faults
            .entry(route)
            .or_default()
            .push_back(fault);
    }

    /// Drops every scripted fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Sets the wait before every answer.
    pub fn set_latency(&self, latency: Latency) {
        self.shared.lock().latency = latency;
    }

    /// Caps sends per phone number and second (`None`: no cap); buckets start full.
    pub fn set_throughput(&self, per_second: Option<u32>) {
        let mut state = self.shared.lock();
        state.throughput = per_second;
        state.buckets.clear();
    }

    /// How long media download URLs stay valid (Meta: 5 minutes).
    pub fn set_media_url_ttl(&self, ttl: Duration) {
        self.shared.lock().media_url_ttl = ttl;
    }

    /// Where status webhooks go (`None`: nowhere).
    pub fn set_webhook(&self, target: Option<WebhookTarget>) {
        self.shared.lock().webhook = target;
    }

    /// Every accepted message, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared.lock().messages.clone()
    }

    /// The accepted message `wamid`.
    pub fn sent(&self, wamid: &str) -> Option<SentMessage> {
        let state = self.shared.lock();
        state.messages.iter().find(|m| m.wamid == wamid).cloned()
    }

    /// Stores a media file as if the customer had sent it (or we had uploaded it); returns its id.
    pub fn add_media(&self, phone_number_id: &str, bytes: Vec<u8>, mime_type: &str) -> String {
        media::store(&self.shared, phone_number_id, bytes, mime_type)
    }

    /// A stored media file.
    pub fn media(&self, media_id: &str) -> Option<StoredMedia> {
        self.shared.lock().media.get(media_id).cloned()
    }

    /// Changes a stored file's bytes but not its recorded sha256 (a corrupted download).
    pub fn tamper_media(&self, media_id: &str) -> bool {
        let mut state = self.shared.lock();
        let media = state.media.get_mut(media_id);
        media.map(|m| m.bytes.push(0)).is_some()
    }

    /// Adds (or replaces) a template with `status`; `body_text` placeholders (`{{1}}`) set the
    /// body parameter count sends must match.
    pub fn add_template(
        &self,
        name: &str,
        language: &str,
        status: &str,
        body_text: &str,
    ) -> String {
        let mut state = self.shared.lock();
        state
            .templates
            .retain(|t| !(t.name == name && t.language == language));
        let id = (1_700_000_000_000_000_u64 + state.next()).to_string();
        state.templates.push(FakeTemplate {
            id: id.clone(),
            name: name.to_owned(),
            language: language.to_owned(),
            category: "UTILITY".to_owned(),
            status: status.to_owned(),
            components: serde_json::json!([{"type": "BODY", "text": body_text}]),
        });
        id
    }

    /// Every template, in creation order.
    pub fn templates(&self) -> Vec<FakeTemplate> {
        self.shared.lock().templates.clone()
    }

    /// Sets the status of every language of template `name`. False when there is none.
    pub fn set_template_status(&self, name: &str, status: &str) -> bool {
        let mut state = self.shared.lock();
        let mut found = false;
        for template in state.templates.iter_mut().filter(|t| t.name == name) {
            status.clone_into(&mut template.status);
            found = true;
        }
        found
    }

    /// The business profile of a number as stored (defaults on first use).
    pub fn profile(&self, phone_number_id: &str) -> serde_json::Value {
        self.shared.lock().profile(phone_number_id).clone()
    }

    /// Posts a signed status webhook for the accepted message `wamid`, with its callback data.
    /// Returns the HTTP status the receiver answered.
    ///
    /// # Errors
    /// `UnknownMessage` for a wamid the fake never returned; `NoWebhook` without a target;
    /// `Webhook` when the receiver cannot be reached.
    pub async fn send_status(
        &self,
        wamid: &str,
        update: StatusUpdate,
    ) -> Result<u16, FakeMetaError> {
        let message = self
            .sent(wamid)
            .ok_or_else(|| FakeMetaError::UnknownMessage(wamid.to_owned()))?;
        webhooks::post(&self.shared, &webhooks::status_delivery(&message, &update)).await
    }

    /// The status webhook body the fake would post for `wamid`, unsigned, for inspection.
    pub fn status_body(&self, wamid: &str, update: &StatusUpdate) -> Option<serde_json::Value> {
        self.sent(wamid)
            .map(|message| webhooks::status_delivery(&message, update).to_json())
    }
}

impl Drop for FakeMeta {
    fn drop(&mut self) {
        // The stop command is sent at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
    }
}
