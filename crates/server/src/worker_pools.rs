//! One connection pool per HTTP worker, so a request and its queries stay on one thread.

use inbox_http::WorkerStorage;

use crate::backend::Backend;
use crate::config::Settings;

/// Each HTTP worker's own storage over a pool of `ceil(pool_max / workers)` connections (at
/// least 2), or `None` when turned off or the backend has no PostgreSQL pool.
///
/// Why: a pool's connection tasks run on the event loop that opened them. With one shared
/// pool, a query issued by a worker wakes another thread to write it and the answer wakes the
/// worker back: about a quarter of `inboxd`'s CPU on the conversation list. Background work
/// (webhook workers, the principal loader) keeps the shared pool, so the process may open up
/// to twice `pool_max` connections.
pub(crate) fn worker_storage(
    settings: &Settings,
    backend: &Backend,
    workers: usize,
) -> Option<WorkerStorage> {
    if !settings.server.worker_pools {
        return None;
    }
    let pg = backend.postgres.clone()?;
    let shared = backend.storage.clone();
    let per_worker = settings.database.pool_max.div_ceil(workers.max(1)).max(2);
    tracing::info!(
        workers,
        pool.max = per_worker,
        "each HTTP worker gets its own PostgreSQL pool (max={per_worker})"
    );
    Some(WorkerStorage::new(move || {
        match pg.worker_storage(per_worker) {
            Ok(storage) => storage,
            Err(error) => {
                tracing::warn!(%error, "no pool of its own for an HTTP worker; it shares the main pool");
                shared.clone()
            }
        }
    }))
}
