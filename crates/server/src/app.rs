//! The composition root: settings in, a running application out. `main` and the tests share it.

use std::future::Future;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use inbox_events::{EventJournal, InProcessEventBus};
use inbox_http::{AppState, PoolUsage, ServeOptions, WebhookOptions};
use inbox_postgres::Listener;
use inbox_whatsapp::MetaWebhookVerifier;
use tokio::sync::Notify;

use crate::backend::{Backend, Migrations};
use crate::config::Settings;
use crate::error::StartupError;
use crate::webhooks::{CrossInstance, WebhookPipeline, WebhookWorkers};

/// A built application: storage open, listener bound, HTTP server ready to run.
pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    backend: Backend,
    shutdown_timeout: Duration,
    events: Arc<InProcessEventBus>,
    pipeline: Arc<WebhookPipeline>,
    wakeup: Arc<Notify>,
    wake_listener: Option<Listener>,
    sending: crate::sending::SendingParts,
    /// The periodic template status check and its interval (`None`: off).
    template_check: Option<(crate::templates::TemplateStatusCheck, Duration)>,
}

impl Application {
    /// Opens storage (migrating when configured) and binds the listener.
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let migrations = if settings.database.migrate_on_start {
            Migrations::Apply
        } else {
            Migrations::Skip
        };
        let worker_config = settings.webhooks.worker_config()?;
        let batching = settings.webhooks.batch_settings()?;
        let tokens = crate::auth::token_setup(settings)?;
        let identity = crate::admin_ports::identity_provider(settings)?;
        let media = crate::admin_ports::media_store(settings).await?;
        let backend = Backend::open(settings, migrations).await?;
        let listener = match TcpListener::bind(settings.server.bind) {
            Ok(listener) => listener,
            Err(error) => {
                backend.shutdown().await;
                return Err(StartupError::Io(error));
            }
        };
        let port = listener.local_addr()?.port();
        let wakeup = Arc::new(Notify::new());
        let webhook_settings = &settings.webhooks;
        let cross_instance = CrossInstance::default();
        let wake_listener =
            cross_instance.listen(webhook_settings, backend.postgres.as_ref(), wakeup.clone());
        let mut state = AppState::new(
            backend.storage.clone(),
            inbox_http::install_metrics_recorder(),
        )
        .with_webhooks(WebhookOptions {
            verifier: Arc::new(MetaWebhookVerifier),
            body_limit: webhook_settings.body_limit_bytes,
            body_timeout: Duration::from_secs(webhook_settings.body_timeout_secs),
            secrets_ttl: Duration::from_millis(webhook_settings.secrets_ttl_ms),
            wakeup: wakeup.clone(),
            on_enqueued: cross_instance.announcer(webhook_settings, backend.postgres.as_ref()),
            batching,
            ..WebhookOptions::default()
        })
        .with_auth(tokens.options)
        .with_identity_provider(identity)
        .with_media_store(media)
        .with_health_checks(crate::health_checks::extra_checks(settings, &backend)?);
        if tokens.local.is_some() {
            tracing::info!(
                data_dir = %settings.storage.data_dir.display(),
                "no Supabase Auth settings: agents use local tokens; get one with \
                 `inboxd user add --email you@example.com --role admin` then \
                 `inboxd token --email you@example.com`"
            );
        }
        // Everything published on the bus is numbered and kept for agents' streams.
        let journal = EventJournal::new(settings.realtime.journal());
        let events = Arc::new(InProcessEventBus::default().with_journal(journal.clone()));
        state = state.with_realtime(settings.realtime.options(Arc::new(journal)));
        let sending = crate::sending::SendingParts::build(settings, &backend, events.clone())?;
        // Every backend (PostgreSQL, PostgREST, memory) has an outbox and templates.
        state = state
            .with_sending(sending.options(events.clone()))
            .with_templates(backend.templates.clone())
            .with_gateway(sending.gateway.clone())
            .with_auto_template(settings.templates.auto_template()?);
        let template_check = settings.templates.check_interval().map(|interval| {
            let mut check = crate::templates::TemplateStatusCheck::new(
                backend.templates.clone(),
                backend.storage.accounts.clone(),
                sending.gateway.clone(),
                events.clone(),
                settings.templates.pending_after(),
                settings.templates.status_check_batch,
            );
            if settings.templates.delete_auto_created_after_read {
                check = check.with_cleanup(crate::templates::AutoTemplateCleanup::new(
                    backend.templates.clone(),
                    backend.storage.accounts.clone(),
                    sending.gateway.clone(),
                    settings.templates.status_check_batch,
                ));
            }
            (check, interval)
        });
        let pipeline = Arc::new(WebhookPipeline::new(
            backend.storage.webhooks.clone(),
            events.clone(),
            worker_config,
        ));
        if let Some(pg) = backend.postgres.clone() {
            state = state.with_pool_usage(move || {
                let status = pg.pool_status();
                PoolUsage {
                    size: status.size,
                    available: status.available,
                    max: status.max,
                }
            });
        }
        let workers = match settings.server.workers {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let shutdown_timeout = Duration::from_secs(settings.server.shutdown_timeout_secs);
        let server = inbox_http::serve(
            listener,
            state,
            ServeOptions {
                workers,
                shutdown_timeout,
                worker_storage: crate::worker_pools::worker_storage(settings, &backend, workers),
            },
        )?;
        tracing::info!(
            port,
            backend = backend.name(),
            workers,
            "inboxd listening on http://{}:{port}",
            settings.server.bind.ip()
        );
        Ok(Self {
            port,
            server,
            backend,
            shutdown_timeout,
            events,
            pipeline,
            wakeup,
            wake_listener,
            sending,
            template_check,
        })
    }

    /// The bound port (useful when binding port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The storage ports this application runs on (tests and tools seed through them).
    pub fn storage(&self) -> &inbox_domain::ports::Storage {
        &self.backend.storage
    }

    /// The in-process event bus: subscribe to see what the workers applied.
    pub fn events(&self) -> &Arc<InProcessEventBus> {
        &self.events
    }

    /// The send pipeline the send workers run (tests and tools may drive it directly).
    pub fn send_pipeline(&self) -> &Arc<crate::sending::SendPipeline> {
        &self.sending.pipeline
    }

    /// The webhook pipeline the workers run (tests and tools may drive it directly).
    pub fn webhook_pipeline(&self) -> &Arc<WebhookPipeline> {
        &self.pipeline
    }

    /// Serves and runs the webhook workers until `shutdown` completes, then stops both (in-flight
    /// requests and claimed deliveries get the grace period) and closes storage.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), StartupError> {
        let workers = WebhookWorkers::start(self.pipeline, self.wakeup);
        let senders = crate::sending::SendWorkers::start(
            self.sending.pipeline.clone(),
            self.sending.wakeup.clone(),
        );
        let template_checker = self.template_check.map(|(check, interval)| {
            crate::templates::TemplateStatusChecker::start(check, interval)
        });
        let handle = self.server.handle();
        let server = tokio::spawn(self.server);
        shutdown.await;
        // Agents' event streams never end by themselves: end them so they do not hold the
        // grace period; clients reconnect with their last id.
        self.events.close_streams();
        tracing::info!(
            grace_secs = self.shutdown_timeout.as_secs(),
            "shutting down: finishing in-flight requests and deliveries"
        );
        tokio::join!(
            handle.stop(true),
            workers.shutdown(self.shutdown_timeout),
            senders.shutdown(self.shutdown_timeout)
        );
        if let Some(checker) = template_checker {
            checker.shutdown().await;
        }
        let served = server.await;
        if let Some(listener) = self.wake_listener {
            listener.shutdown().await;
        }
        self.backend.shutdown().await;
        match served {
            Ok(result) => result.map_err(StartupError::Io),
            Err(join) => Err(StartupError::Io(std::io::Error::other(join))),
        }
    }
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(error) => {
                    tracing::warn!(error = %error, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::select! {
            _ = interrupt => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
