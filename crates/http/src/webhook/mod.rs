//! Meta's webhook at the edge: settings, the credential snapshot, the signature and token checks.

mod batcher;
mod body;
mod query;
mod secrets;

pub use batcher::{BatchSettings, ENQUEUE_BATCH_SIZE, ENQUEUE_BATCHES, EnqueueBatcher};
pub(crate) use body::read_limited;
pub(crate) use query::HubQuery;
pub use secrets::SECRETS_RELOADS;
pub(crate) use secrets::WebhookSecrets;

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::ports::{
    AccountRepo, DeliveryId, RejectAllVerifier, SignatureRejected, WebhookQueue, WebhookVerifier,
};
use tokio::sync::Notify;

use crate::error::ApiError;

/// Counter of refused webhook signatures, by reason (`missing`, `malformed`, `mismatch`, ...).
pub const SIGNATURE_REJECTED: &str = "webhook_signature_rejected_total";
/// Counter of deliveries stored and acknowledged.
pub const DELIVERIES_ACCEPTED: &str = "webhook_deliveries_accepted_total";
/// Largest webhook body accepted by default: 4 MiB (Meta's payloads reach 3 MB).
pub const DEFAULT_WEBHOOK_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Called after a delivery is stored (or requeued), once its transaction committed: the server
/// announces new work to other instances with it. It must return at once (no I/O, no waiting).
pub type EnqueueHook = Arc<dyn Fn() + Send + Sync>;

/// How the webhook routes behave; the server fills it from its configuration.
#[derive(Clone)]
pub struct WebhookOptions {
    /// Checks signatures and verify tokens (the server injects Meta's; the default refuses all).
    pub verifier: Arc<dyn WebhookVerifier>,
    /// Largest body accepted on `POST /webhook/whatsapp`, in bytes; larger answers 413.
    pub body_limit: usize,
    /// How long the body may take to arrive; slower answers 408.
    pub body_timeout: Duration,
    /// How long a snapshot of the accounts' secrets and tokens is used before it is reloaded.
    pub secrets_ttl: Duration,
    /// Least time between two reloads caused by a credential that matched nothing.
    pub secrets_min_reload_interval: Duration,
    /// Notified after each stored delivery (and each requeue), to wake in-process workers.
    pub wakeup: Arc<Notify>,
    /// Also called after each stored delivery (and each requeue); `None` by default.
    pub on_enqueued: Option<EnqueueHook>,
    /// Stores concurrent deliveries together (group commit), with one batcher per HTTP worker
    /// started on that worker's thread; `None` (one insert each) by default.
    pub batching: Option<BatchSettings>,
}

impl Default for WebhookOptions {
    fn default() -> Self {
        Self {
            verifier: Arc::new(RejectAllVerifier),
            body_limit: DEFAULT_WEBHOOK_BODY_LIMIT,
            body_timeout: Duration::from_secs(15),
            secrets_ttl: Duration::from_secs(5),
            secrets_min_reload_interval: Duration::from_secs(1),
            wakeup: Arc::new(Notify::new()),
            on_enqueued: None,
            batching: None,
        }
    }
}

impl fmt::Debug for WebhookOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookOptions")
            .field("body_limit", &self.body_limit)
            .field("body_timeout", &self.body_timeout)
            .field("secrets_ttl", &self.secrets_ttl)
            .field(
                "secrets_min_reload_interval",
                &self.secrets_min_reload_interval,
            )
            .field("on_enqueued", &self.on_enqueued.is_some())
            .field("batching", &self.batching)
            .finish_non_exhaustive()
    }
}

/// What the webhook handlers share: the options and the credential snapshot built from them.
pub(crate) struct WebhookIngest {
    pub(crate) options: WebhookOptions,
    pub(crate) secrets: WebhookSecrets,
}

impl WebhookIngest {
    /// Wakes this process's workers and runs the enqueue hook: a delivery is ready.
    pub(crate) fn enqueued(&self) {
        self.options.wakeup.notify_one();
        if let Some(hook) = &self.options.on_enqueued {
            hook();
        }
    }

    /// Stores `body` durably: with the deliveries waiting beside it when batching is on, else
    /// with an insert of its own. Returns once it is committed.
    ///
    /// The batcher is started on first use, on the calling thread's event loop, over `queue`:
    /// with one storage per HTTP worker, a delivery, its batch and its connection then stay on
    /// that worker's thread (no hand-over to another thread and back on each acknowledgement).
    /// A batcher whose thread has gone (a restarted worker) is bypassed, never waited on.
    ///
    /// # Errors
    /// What the queue (or the batcher, for its whole batch) answers.
    pub(crate) async fn store(
        &self,
        queue: &Arc<dyn WebhookQueue>,
        batcher: &OnceLock<EnqueueBatcher>,
        body: Vec<u8>,
    ) -> Result<DeliveryId, RepoError> {
        let Some(settings) = self.options.batching else {
            return queue.enqueue(body).await;
        };
        let batcher = batcher.get_or_init(|| EnqueueBatcher::start(queue.clone(), settings));
        if batcher.is_stopped() {
            return queue.enqueue(body).await;
        }
        batcher.enqueue(body).await
    }

    pub(crate) fn new(accounts: Arc<dyn AccountRepo>, options: WebhookOptions) -> Self {
        let secrets = WebhookSecrets::new(
            accounts,
            options.secrets_ttl,
            options.secrets_min_reload_interval,
        );
        Self { options, secrets }
    }

    /// Accepts `body` when `header` is its signature under some account's app secret.
    ///
    /// # Errors
    /// `InvalidSignature` (counted by reason) when it is not; a storage error when no snapshot
    /// of the secrets could ever be loaded.
    pub(crate) async fn authenticate(
        &self,
        body: &[u8],
        header: Option<&str>,
    ) -> Result<(), ApiError> {
        let verifier = &self.options.verifier;
        let snapshot = self.secrets.current().await?;
        let mut outcome = verifier.verify(body, header, &snapshot.app_secrets());
        if matches!(
            outcome,
            Err(SignatureRejected::Mismatch | SignatureRejected::NoSecretConfigured)
        ) && let Some(newer) = self.secrets.after_miss(&snapshot).await
        {
            // Perhaps an account another instance just added: try its secret.
            outcome = verifier.verify(body, header, &newer.app_secrets());
        }
        outcome.map_err(|reason| {
            metrics::counter!(SIGNATURE_REJECTED, "reason" => reason.label()).increment(1);
            tracing::debug!(reason = reason.label(), "webhook signature refused");
            ApiError::InvalidSignature(reason)
        })
    }

    /// Whether `token` is some account's verify token (compared in constant time).
    ///
    /// # Errors
    /// A storage error when no snapshot of the tokens could ever be loaded.
    pub(crate) async fn token_matches(&self, token: &str) -> Result<bool, ApiError> {
        let verifier = &self.options.verifier;
        let snapshot = self.secrets.current().await?;
        if verifier.token_matches(token, &snapshot.verify_tokens()) {
            return Ok(true);
        }
        Ok(self
            .secrets
            .after_miss(&snapshot)
            .await
            .is_some_and(|newer| verifier.token_matches(token, &newer.verify_tokens())))
    }
}
