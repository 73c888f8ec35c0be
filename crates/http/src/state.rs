//! What every handler shares: the storage ports, the metrics handle, the webhook settings and
//! credential snapshot, and an optional pool probe.

use std::fmt;
use std::sync::{Arc, OnceLock};

use inbox_domain::identity_local::LocalIdentityProvider;
use inbox_domain::ports::{IdentityProvider, MediaStore, Storage};
use inbox_domain::ports::{TemplateRepo, WhatsAppGateway};
use metrics_exporter_prometheus::PrometheusHandle;

use crate::auth::{AuthOptions, Authenticator, Owners};
use crate::media::UnconfiguredMediaStore;
use crate::realtime::RealtimeOptions;
use crate::webhook::{EnqueueBatcher, WebhookIngest, WebhookOptions};

/// Connection-pool usage, as `/metrics` reports it (the server fills it from its Postgres pool).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolUsage {
    /// Connections currently open.
    pub size: usize,
    /// Open connections not in use.
    pub available: usize,
    /// Largest number of connections the pool may open.
    pub max: usize,
}

/// A function that reads the pool usage at scrape time.
pub type PoolUsageProbe = Arc<dyn Fn() -> PoolUsage + Send + Sync>;

/// How many owners of each kind of resource are remembered.
const OWNERS_CAPACITY: u64 = 200_000;

/// The application state handed to every handler (as `web::Data<AppState>`).
#[derive(Clone)]
pub struct AppState {
    pub(crate) storage: Storage,
    pub(crate) metrics: PrometheusHandle,
    pub(crate) pool_usage: Option<PoolUsageProbe>,
    pub(crate) webhooks: Arc<WebhookIngest>,
    /// This state's acknowledgement batcher, started on first use (one per HTTP worker's
    /// storage, so it runs on that worker's thread).
    pub(crate) enqueue_batcher: Arc<OnceLock<EnqueueBatcher>>,
    pub(crate) auth: Arc<Authenticator>,
    pub(crate) owners: Arc<Owners>,
    pub(crate) identity: Arc<dyn IdentityProvider>,
    pub(crate) media: Arc<dyn MediaStore>,
    /// The template store (`None`: the template routes answer 503).
    pub(crate) templates: Option<Arc<dyn TemplateRepo>>,
    /// Meta's Graph API (`None`: routes that call Meta answer 503).
    pub(crate) gateway: Option<Arc<dyn WhatsAppGateway>>,
    pub(crate) realtime: RealtimeOptions,
    /// The outbox side of the send routes (`None`: they answer 503).
    pub(crate) sending: Option<Arc<crate::sending::Sending>>,
    /// The auto-template route's limits and defaults.
    pub(crate) auto_template: crate::sending::AutoTemplateOptions,
    /// Extra dependencies `/health` reports (besides storage, identity provider, media store).
    pub(crate) health_checks: Vec<Arc<dyn inbox_domain::ports::HealthCheck>>,
}

impl AppState {
    /// State over a storage backend; `metrics` comes from [`crate::install_metrics_recorder`].
    /// The webhook routes use [`WebhookOptions::default`] until [`AppState::with_webhooks`]: a
    /// verifier that refuses every signature and token. Agents' bearer tokens are refused too
    /// until [`AppState::with_auth`] sets a verifier: there is no way to turn authentication off.
    pub fn new(storage: Storage, metrics: PrometheusHandle) -> Self {
        let webhooks = Arc::new(WebhookIngest::new(
            storage.accounts.clone(),
            WebhookOptions::default(),
        ));
        let auth = Arc::new(Authenticator::new(
            storage.access.clone(),
            AuthOptions::default(),
        ));
        Self {
            storage,
            metrics,
            pool_usage: None,
            webhooks,
            enqueue_batcher: Arc::default(),
            auth,
            owners: Arc::new(Owners::new(OWNERS_CAPACITY)),
            identity: Arc::new(LocalIdentityProvider),
            media: Arc::new(UnconfiguredMediaStore),
            templates: None,
            gateway: None,
            realtime: RealtimeOptions::default(),
            sending: None,
            auto_template: crate::sending::AutoTemplateOptions::default(),
            health_checks: Vec::new(),
        }
    }

    /// The same state over other repositories (one HTTP worker's own pool); every cache and
    /// setting stays shared.
    pub(crate) fn with_storage(&self, storage: Storage) -> Self {
        Self {
            storage,
            enqueue_batcher: Arc::default(),
            ..self.clone()
        }
    }

    /// Adds dependencies `/health` reports besides the storage, the identity provider and the
    /// media store (e.g. Supabase's PostgREST API when it is not the active storage).
    #[must_use]
    pub fn with_health_checks(
        mut self,
        checks: impl IntoIterator<Item = Arc<dyn inbox_domain::ports::HealthCheck>>,
    ) -> Self {
        self.health_checks.extend(checks);
        self
    }

    /// Sets the identity provider that invitations and user deletions go through (default: the
    /// local one, which sends no mail; see `inbox_domain::identity_local`).
    #[must_use]
    pub fn with_identity_provider(mut self, identity: Arc<dyn IdentityProvider>) -> Self {
        self.identity = identity;
        self
    }

    /// Sets the media store profile pictures are kept in (default: none, uploads answer 503).
    #[must_use]
    pub fn with_media_store(mut self, media: Arc<dyn MediaStore>) -> Self {
        self.media = media;
        self
    }

    /// Sets the event feed and pacing of `GET /events` and `GET /ws` (default: a feed on which
    /// nothing is published, so streams carry heartbeats only).
    #[must_use]
    pub fn with_realtime(mut self, realtime: RealtimeOptions) -> Self {
        self.realtime = realtime;
        self
    }

    /// Sets the outbox of the send routes (default: none, they answer 503).
    #[must_use]
    pub fn with_sending(mut self, sending: crate::sending::SendingOptions) -> Self {
        self.sending = Some(Arc::new(crate::sending::Sending::new(sending)));
        self
    }

    /// Sets the template store of the template routes (default: none, they answer 503).
    #[must_use]
    pub fn with_templates(mut self, templates: Arc<dyn TemplateRepo>) -> Self {
        self.templates = Some(templates);
        self
    }

    /// Sets the auto-template route's limits and defaults (default:
    /// [`crate::sending::AutoTemplateOptions::default`]).
    pub fn with_auto_template(mut self, options: crate::sending::AutoTemplateOptions) -> Self {
        self.auto_template = options;
        self
    }

    /// Sets the Graph API gateway of the routes that call Meta (default: none, they answer
    /// 503).
    #[must_use]
    pub fn with_gateway(mut self, gateway: Arc<dyn WhatsAppGateway>) -> Self {
        self.gateway = Some(gateway);
        self
    }

    /// Sets how agents' bearer tokens are verified and their principals cached.
    #[must_use]
    pub fn with_auth(mut self, options: AuthOptions) -> Self {
        self.auth = Arc::new(Authenticator::new(self.storage.access.clone(), options));
        self
    }

    /// Sets how the webhook routes check, bound and announce deliveries.
    #[must_use]
    pub fn with_webhooks(mut self, options: WebhookOptions) -> Self {
        self.webhooks = Arc::new(WebhookIngest::new(self.storage.accounts.clone(), options));
        self.enqueue_batcher = Arc::default();
        self
    }

    /// Adds a pool probe, so `/metrics` shows the `db_pool_size`, `db_pool_available` and
    /// `db_pool_max` gauges.
    #[must_use]
    pub fn with_pool_usage(
        mut self,
        probe: impl Fn() -> PoolUsage + Send + Sync + 'static,
    ) -> Self {
        self.pool_usage = Some(Arc::new(probe));
        self
    }

    /// The storage ports.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.storage.health.backend())
            .field("pool_usage", &self.pool_usage.is_some())
            .field("webhooks", &self.webhooks.options)
            .finish_non_exhaustive()
    }
}
