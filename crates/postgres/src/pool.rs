//! Building the pool (`connect`) and the backend handle the server wires: storage, pool
//! usage for `/metrics`, migrations over a direct connection, and a timed ping.

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use futures::future::try_join_all;
use inbox_domain::RepoError;
use inbox_domain::ports::Storage;
use tokio_postgres::NoTls;

use crate::db::Pg;
use crate::error::PgError;
use crate::migrate::{self, MigrationReport};
use crate::repos::{self, PgHealth};
use crate::settings::{PgSettings, PoolMode};

/// How full the pool is, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// Connections open (idle or in use).
    pub size: usize,
    /// Idle connections ready for a caller.
    pub available: usize,
    /// The ceiling.
    pub max: usize,
    /// Callers waiting for a connection.
    pub waiting: usize,
}

/// A connected PostgreSQL backend: one pool shared by every repository.
#[derive(Clone)]
pub struct PgBackend {
    pg: Pg,
    settings: PgSettings,
}

impl std::fmt::Debug for PgBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgBackend")
            .field("backend", &self.settings.backend)
            .field("target", &self.settings.target())
            .field("pool_mode", &self.settings.pool_mode)
            .field("pool", &self.pool_status())
            .finish_non_exhaustive()
    }
}

/// Builds the pool, opens `pool_min` connections up front, checks one with `SELECT 1` and logs
/// `PostgreSQL pool created (min=…, max=…)`.
///
/// # Errors
/// - `PgError::Config` when the settings are unusable.
/// - `PgError::Connect` when a connection cannot be opened or the check query fails; the
///   message names the hosts, never the user or password.
pub async fn connect(settings: PgSettings) -> Result<PgBackend, PgError> {
    settings.validate()?;
    let pool = build_pool(&settings)?;
    let pg = Pg::new(pool, settings.pool_mode, settings.statement_timeout);
    let connect_error = |source: Box<dyn std::error::Error + Send + Sync>| PgError::Connect {
        target: settings.target(),
        source,
    };

    let warm = try_join_all((0..settings.pool_min.max(1)).map(|_| pg.pool().get()))
        .await
        .map_err(|e| connect_error(Box::new(e)))?;
    let mut warm = warm.into_iter();
    if let Some(first) = warm.next() {
        let db = pg.wrap(first);
        db.query_one(repos::PING, &[])
            .await
            .map_err(|e| connect_error(Box::new(e)))?;
    }
    drop(warm);

    let (min, max) = (settings.pool_min, settings.pool_max);
    tracing::info!(
        pool.min = min,
        pool.max = max,
        pool.mode = settings.pool_mode.as_str(),
        backend = settings.backend,
        "PostgreSQL pool created (min={min}, max={max})"
    );
    Ok(PgBackend { pg, settings })
}

fn build_pool(settings: &PgSettings) -> Result<Pool, PgError> {
    let mut config = settings.config.clone();
    config.connect_timeout(settings.connect_timeout);
    if config.get_application_name().is_none() {
        config.application_name("inboxd");
    }
    if settings.pool_mode == PoolMode::Session {
        // Our statements are keyed lookups whose best plan does not depend on the values; a
        // custom plan per execution costs more to plan than to run (the inbox list: 0.39 ms of
        // planning for 0.37 ms of execution), so cached statements keep their generic plan.
        let options = match config.get_options() {
            Some(existing) => format!("{existing} -c plan_cache_mode=force_generic_plan"),
            None => "-c plan_cache_mode=force_generic_plan".to_owned(),
        };
        config.options(options);
    }
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(settings.pool_max)
        .wait_timeout(Some(settings.checkout_timeout))
        .create_timeout(Some(settings.connect_timeout))
        .recycle_timeout(Some(settings.connect_timeout))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|e| PgError::Config(format!("building the pool: {e}")))
}

impl PgBackend {
    /// Every repository of this backend, sharing the pool.
    pub fn storage(&self) -> Storage {
        repos::storage(&self.pg, self.settings.backend)
    }

    /// The template repository of this backend, sharing the pool.
    pub fn templates(&self) -> std::sync::Arc<dyn inbox_domain::ports::TemplateRepo> {
        repos::templates(&self.pg)
    }

    /// The outbox of this backend, sharing the pool.
    pub fn outbox(&self) -> std::sync::Arc<dyn inbox_domain::ports::Outbox> {
        repos::outbox(&self.pg)
    }

    /// Repositories over a pool of their own holding at most `max_connections`, opened lazily
    /// on first use. Built on an HTTP worker thread, its connections are driven by that
    /// worker's event loop, so a request and its query never hand off between threads (a
    /// shared pool's connections run wherever they were opened: every query then costs cross-
    /// thread wake-ups both ways).
    ///
    /// # Errors
    /// `PgError::Config` when the pool cannot be built from these settings.
    pub fn worker_storage(&self, max_connections: usize) -> Result<Storage, PgError> {
        let mut settings = self.settings.clone();
        settings.pool_max = max_connections.max(1);
        let pool = build_pool(&settings)?;
        let pg = Pg::new(pool, settings.pool_mode, settings.statement_timeout);
        Ok(repos::storage(&pg, settings.backend))
    }

    /// The backend's name as `/health` reports it.
    pub fn backend(&self) -> &'static str {
        self.settings.backend
    }

    /// How full the pool is.
    pub fn pool_status(&self) -> PoolUsage {
        let status = self.pg.pool().status();
        PoolUsage {
            size: status.size,
            available: status.available,
            max: status.max_size,
            waiting: status.waiting,
        }
    }

    /// One round trip through the pool (checkout and `SELECT 1`), timed.
    ///
    /// # Errors
    /// `Unavailable` when no connection can be had or the statement fails to come back.
    pub async fn ping(&self) -> Result<Duration, RepoError> {
        PgHealth::new(self.pg.clone(), self.settings.backend)
            .round_trip()
            .await
    }

    /// Applies pending migrations over a dedicated connection (never the pool) to `config`, or
    /// to `direct_config` when set: migrations hold a session advisory lock, so they need a
    /// direct or session endpoint, never a transaction pooler.
    ///
    /// # Errors
    /// - `PgError::Config` in transaction mode without a `direct_config`.
    /// - `PgError::Connect` when the connection cannot be opened.
    /// - `PgError::Migrate` when the runner refuses or fails.
    pub async fn migrate(&self) -> Result<MigrationReport, PgError> {
        let mut config = self.settings.migration_config()?.clone();
        config.connect_timeout(self.settings.connect_timeout);
        let (mut client, connection) =
            config.connect(NoTls).await.map_err(|e| PgError::Connect {
                target: self.settings.target(),
                source: Box::new(e),
            })?;
        let driver = tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::warn!(error = %error, "the migration connection ended with an error");
            }
        });
        let report = migrate::apply_pending(&mut client).await;
        drop(client);
        if let Err(error) = driver.await {
            tracing::warn!(error = %error, "the migration connection task failed");
        }
        Ok(report?)
    }

    /// The settings the backend was built from.
    pub(crate) fn settings(&self) -> &PgSettings {
        &self.settings
    }

    /// The pool wrapper repositories use.
    pub(crate) fn pg(&self) -> &Pg {
        &self.pg
    }

    /// Closes the pool: idle connections close now, checked-out ones when returned.
    pub fn close(&self) {
        self.pg.pool().close();
    }
}
