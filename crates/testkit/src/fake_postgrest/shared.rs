//! What the handlers share: connection settings, keys, the schema cache, idle connections, the
//! request log and the faults.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio_postgres::{Client, NoTls};

use super::catalog::Catalog;
use super::error::ApiError;
use super::plan::SCHEMA;
use super::state::{Fault, FaultTarget, RecordedRequest};
use crate::fake_meta::Latency;

/// The mutable part, behind one mutex (never held across an await).
#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) faults: Vec<(FaultTarget, Fault)>,
    pub(crate) latency: Latency,
    pub(crate) catalog: Option<Arc<Catalog>>,
    pub(crate) idle: Vec<Client>,
}

/// The server's shared state.
pub(crate) struct Shared {
    pub(crate) pg: tokio_postgres::Config,
    pub(crate) service_key: String,
    pub(crate) anon_key: String,
    pub(crate) inner: Mutex<Inner>,
}

impl Shared {
    /// The state, even if a panicking test poisoned the lock.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle connection, or a new one driven by the current runtime.
    pub(crate) async fn client(&self) -> Result<Client, ApiError> {
        loop {
            let Some(client) = self.lock().idle.pop() else {
                break;
            };
            if !client.is_closed() {
                return Ok(client);
            }
        }
        let (client, connection) = self
            .pg
            .connect(NoTls)
            .await
            .map_err(|e| ApiError::from_db(&e))?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "fake PostgREST connection ended");
            }
        });
        Ok(client)
    }

    /// Gives a connection back for the next request.
    pub(crate) fn release(&self, client: Client) {
        if !client.is_closed() {
            self.lock().idle.push(client);
        }
    }

    /// The schema cache; read from the database when absent or when `reload` says so.
    pub(crate) async fn catalog(&self, reload: bool) -> Result<Arc<Catalog>, ApiError> {
        if !reload && let Some(catalog) = self.lock().catalog.clone() {
            return Ok(catalog);
        }
        let client = self.client().await?;
        let loaded = Catalog::load(&client, SCHEMA).await;
        self.release(client);
        let catalog = Arc::new(loaded?);
        self.lock().catalog = Some(catalog.clone());
        Ok(catalog)
    }

    /// Waits and fails as scripted for a request to `target`; `Some` is the answer to give.
    pub(crate) async fn gate(&self, target: &FaultTarget) -> Option<ApiError> {
        let (wait, fault) = {
            let mut inner = self.lock();
            let wait = inner.latency.sample();
            let index = inner
                .faults
                .iter()
                .position(|(t, _)| *t == FaultTarget::Any || t == target);
            let fault = index.and_then(|index| {
                let (_, fault) = inner.faults.get_mut(index)?;
                let current = fault.clone();
                if let Some(times) = fault.times.as_mut() {
                    *times = times.saturating_sub(1);
                    if *times == 0 {
                        inner.faults.remove(index);
                    }
                }
                Some(current)
            });
            (wait, fault)
        };
        let delay = fault
            .as_ref()
            .and_then(|fault| fault.delay)
            .unwrap_or_default();
        if !(wait + delay).is_zero() {
            tokio::time::sleep(wait + delay).await;
        }
        fault.and_then(|fault| fault.answer())
    }
}
