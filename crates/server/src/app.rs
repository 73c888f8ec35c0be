//! The composition root: settings in, a running application out. `main` and the tests share it.

use std::future::Future;
use std::net::TcpListener;
use std::time::Duration;

use inbox_http::{AppState, PoolUsage, ServeOptions};

use crate::backend::{Backend, Migrations};
use crate::config::Settings;
use crate::error::StartupError;

/// A built application: storage open, listener bound, HTTP server ready to run.
pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    backend: Backend,
    shutdown_timeout: Duration,
}

impl Application {
    /// Opens storage (migrating when configured) and binds the listener.
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let migrations = if settings.database.migrate_on_start {
            Migrations::Apply
        } else {
            Migrations::Skip
        };
        let backend = Backend::open(settings, migrations).await?;
        let listener = match TcpListener::bind(settings.server.bind) {
            Ok(listener) => listener,
            Err(error) => {
                backend.shutdown().await;
                return Err(StartupError::Io(error));
            }
        };
        let port = listener.local_addr()?.port();
        let mut state = AppState::new(
            backend.storage.clone(),
            inbox_http::install_metrics_recorder(),
        );
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
        })
    }

    /// The bound port (useful when binding port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` completes, then drains requests and closes storage.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), StartupError> {
        let handle = self.server.handle();
        let server = tokio::spawn(self.server);
        shutdown.await;
        tracing::info!(
            grace_secs = self.shutdown_timeout.as_secs(),
            "shutting down: finishing in-flight requests"
        );
        handle.stop(true).await;
        let served = server.await;
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
