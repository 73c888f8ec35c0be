//! R5, the physical reference of the write workloads (W1, W4): one durable single-row INSERT per
//! request, of the workload's bodies, into a table shaped like `webhook_deliveries` (same columns,
//! defaults, checks and indexes), each its own transaction (one commit, one WAL flush unless
//! PostgreSQL groups it with others), over as many connections as inboxd's pool, on the same
//! open-loop schedule. No HTTP, no app.

use std::sync::Mutex;
use std::time::Instant;

use hyper::body::Bytes;
use inbox_pgcluster::PgCluster;
use tokio::sync::Semaphore;
use tokio_postgres::types::Type;
use tokio_postgres::{Client, Statement};

use super::open_loop::Target;
use crate::error::{BenchError, Result};
use crate::pg;

/// The reference table's definition, created by a workload's setup in its own database.
pub fn create_table(table: &str) -> String {
    format!("CREATE TABLE {table} (LIKE webhook_deliveries INCLUDING ALL)")
}

/// The INSERT over `size` connections.
pub struct InsertTarget {
    permits: Semaphore,
    idle: Mutex<Vec<(Client, Statement)>>,
    bodies: Vec<Bytes>,
}

impl InsertTarget {
    /// `size` connections to `database`, each with the INSERT into `table` prepared; requests
    /// insert `bodies` in turn.
    pub async fn open(
        cluster: &PgCluster,
        database: &str,
        table: &str,
        size: usize,
        bodies: Vec<Bytes>,
    ) -> Result<Self> {
        if bodies.is_empty() {
            return Err(BenchError::other("the INSERT reference needs bodies"));
        }
        let sql = format!("INSERT INTO {table} (body) VALUES ($1)");
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            let client = pg::connect(cluster, database).await?;
            let statement = client
                .prepare_typed(&sql, &[Type::BYTEA])
                .await
                .map_err(BenchError::db("preparing the INSERT reference"))?;
            idle.push((client, statement));
        }
        Ok(Self {
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
            bodies,
        })
    }
}

impl Target for InsertTarget {
    fn len(&self) -> usize {
        self.bodies.len()
    }

    async fn call(&self, index: usize) -> std::result::Result<(u16, Instant), String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        let Some((client, statement)) = self.idle.lock().ok().and_then(|mut idle| idle.pop())
        else {
            return Err("no idle connection".to_owned());
        };
        let sent = Instant::now();
        let body: &[u8] = &self.bodies[index];
        let result = client.execute(&statement, &[&body]).await;
        if !client.is_closed()
            && let Ok(mut idle) = self.idle.lock()
        {
            idle.push((client, statement));
        }
        result.map(|_| (200, sent)).map_err(|e| e.to_string())
    }
}
