//! What every handler shares: the storage ports, the metrics handle and an optional pool probe.

use std::fmt;
use std::sync::Arc;

use inbox_domain::ports::Storage;
use metrics_exporter_prometheus::PrometheusHandle;

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

/// The application state handed to every handler (as `web::Data<AppState>`).
#[derive(Clone)]
pub struct AppState {
    pub(crate) storage: Storage,
    pub(crate) metrics: PrometheusHandle,
    pub(crate) pool_usage: Option<PoolUsageProbe>,
}

impl AppState {
    /// State over a storage backend; `metrics` comes from [`crate::install_metrics_recorder`].
    pub fn new(storage: Storage, metrics: PrometheusHandle) -> Self {
        Self {
            storage,
            metrics,
            pool_usage: None,
        }
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
            .finish_non_exhaustive()
    }
}
