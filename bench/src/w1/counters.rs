//! Server-wide counters around a window: commits of the benchmark database and WAL flushes, to
//! show how many deliveries shared one commit and one fsync.

use tokio_postgres::Client;

use crate::error::{BenchError, Result};

/// A reading of the counters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    /// `pg_stat_database.xact_commit` of this database.
    pub commits: i64,
    /// `pg_stat_wal.wal_sync`: WAL flushes to disk (fdatasync), server-wide.
    pub wal_syncs: i64,
    /// `pg_stat_wal.wal_bytes`.
    pub wal_bytes: f64,
}

/// The differences over a window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Deltas {
    /// Commits.
    pub commits: f64,
    /// WAL flushes.
    pub wal_syncs: f64,
    /// WAL bytes.
    pub wal_bytes: f64,
}

impl Counters {
    /// Reads them now (the statistics collector's view is flushed first).
    pub async fn read(client: &Client) -> Result<Self> {
        let row = client
            .query_one(
                "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), \
                        wal_sync, wal_bytes::float8 FROM pg_stat_wal",
                &[],
            )
            .await
            .map_err(BenchError::db("reading pg_stat_database and pg_stat_wal"))?;
        Ok(Self {
            commits: row.get(0),
            wal_syncs: row.get(1),
            wal_bytes: row.get(2),
        })
    }

    /// What changed from `before` to `self`.
    pub fn since(&self, before: &Self) -> Deltas {
        Deltas {
            commits: (self.commits - before.commits) as f64,
            wal_syncs: (self.wal_syncs - before.wal_syncs) as f64,
            wal_bytes: self.wal_bytes - before.wal_bytes,
        }
    }
}
