//! PostgreSQL target of the open-loop driver: the app's statement over a pool of the app's size,
//! prepared like the app prepares it (typed, cached per connection), with no HTTP and no app in
//! between. It is the same-method latency reference for the endpoints (R0, R2, R3 at a rate).

use std::sync::Mutex;
use std::time::Instant;

use inbox_pgcluster::PgCluster;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio_postgres::types::{Timestamp, Type};
use tokio_postgres::{Client, Statement};
use uuid::Uuid;

use super::open_loop::Target;
use crate::error::Result;
use crate::pg;

/// Parameters of one keyset request: owner, cursor time, cursor id.
pub type Keyset = (Uuid, Timestamp<OffsetDateTime>, Uuid);

/// A statement over `size` connections and the parameter mix it runs with.
pub struct SqlTarget {
    permits: Semaphore,
    idle: Mutex<Vec<(Client, Statement)>>,
    params: Vec<Keyset>,
    keyset: bool,
}

/// Rows the app fetches per page (50 and one to learn whether a next page exists).
const FETCH: i64 = 51;

impl SqlTarget {
    /// `size` connections, each with `sql` prepared; `params` empty means a statement without
    /// parameters (`SELECT 1`), else the four keyset parameters of the app's list statements.
    /// `plan_cache_mode`, when given, is set on each connection (to plan like the app does).
    pub async fn open(
        cluster: &PgCluster,
        size: usize,
        sql: &str,
        params: Vec<Keyset>,
        plan_cache_mode: Option<&str>,
    ) -> Result<Self> {
        let keyset = !params.is_empty();
        let types: &[Type] = if keyset {
            &inbox_postgres::sql::LIST_PARAM_TYPES
        } else {
            &[]
        };
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            let client = pg::connect(cluster, pg::DATABASE).await?;
            if let Some(mode) = plan_cache_mode {
                client
                    .batch_execute(&format!("SET plan_cache_mode = {mode}"))
                    .await
                    .map_err(crate::error::BenchError::db("setting plan_cache_mode"))?;
            }
            let statement =
                client
                    .prepare_typed(sql, types)
                    .await
                    .map_err(crate::error::BenchError::db(
                        "preparing the reference statement",
                    ))?;
            idle.push((client, statement));
        }
        let params = if keyset {
            params
        } else {
            vec![(Uuid::nil(), Timestamp::PosInfinity, Uuid::nil())]
        };
        Ok(Self {
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
            params,
            keyset,
        })
    }
}

impl Target for SqlTarget {
    fn len(&self) -> usize {
        self.params.len()
    }

    async fn call(&self, index: usize) -> Result<(u16, Instant), String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        let Some((client, statement)) = self.idle.lock().ok().and_then(|mut idle| idle.pop())
        else {
            return Err("no idle connection".to_owned());
        };
        let sent = Instant::now();
        let (owner, at, id) = &self.params[index];
        let result = if self.keyset {
            client.query(&statement, &[owner, at, id, &FETCH]).await
        } else {
            client.query(&statement, &[]).await
        };
        let broken = client.is_closed();
        if !broken && let Ok(mut idle) = self.idle.lock() {
            idle.push((client, statement));
        }
        result.map(|_| (200, sent)).map_err(|e| e.to_string())
    }
}
