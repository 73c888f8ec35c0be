//! `StorageHealth`: the backend's name and one round trip through the pool.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use inbox_domain::RepoError;
use inbox_domain::ports::StorageHealth;

use crate::db::Pg;

/// The cheapest statement that proves a pooled connection works.
pub(crate) const PING: &str = "SELECT 1";

/// Health of the PostgreSQL backend.
pub(crate) struct PgHealth {
    pg: Pg,
    backend: &'static str,
}

impl PgHealth {
    /// Over `pg`'s pool, reporting `backend` as its name.
    pub(crate) fn new(pg: Pg, backend: &'static str) -> Self {
        Self { pg, backend }
    }

    /// Checks out a connection, runs `PING` and returns how long both took.
    pub(crate) async fn round_trip(&self) -> Result<Duration, RepoError> {
        let started = Instant::now();
        let db = self.pg.db().await?;
        db.query_one(PING, &[]).await?;
        Ok(started.elapsed())
    }
}

#[async_trait]
impl StorageHealth for PgHealth {
    fn backend(&self) -> &'static str {
        self.backend
    }

    async fn ping(&self) -> Result<(), RepoError> {
        self.round_trip().await.map(|_| ())
    }
}
