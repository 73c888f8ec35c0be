//! One checked-out connection and the only way repositories run SQL: typed parameters, cached
//! named statements in session mode, unnamed statements in transaction mode, a deadline on each.

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Object, Pool};
use inbox_domain::RepoError;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{NoTls, Row};

use crate::repo_error;
use crate::settings::PoolMode;

/// A statement parameter with its PostgreSQL type, so no statement needs a describe round trip.
pub(crate) type Param<'a> = (&'a (dyn ToSql + Sync), Type);

/// The pool and how to use its connections; cheap to clone, one per repository.
#[derive(Clone)]
pub(crate) struct Pg {
    pool: Pool,
    mode: PoolMode,
    statement_timeout: Duration,
}

impl Pg {
    /// Wraps a built pool.
    pub(crate) fn new(pool: Pool, mode: PoolMode, statement_timeout: Duration) -> Self {
        Self {
            pool,
            mode,
            statement_timeout,
        }
    }

    /// The pool, for its status.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Checks one connection out; it returns to the pool when the `Db` drops.
    pub(crate) async fn db(&self) -> Result<Db, RepoError> {
        let client = self.pool.get().await.map_err(repo_error::from_pool)?;
        Ok(self.wrap(client))
    }

    /// Wraps an already checked-out connection.
    pub(crate) fn wrap(&self, client: Object) -> Db {
        Db {
            client,
            mode: self.mode,
            timeout: self.statement_timeout,
        }
    }
}

/// A checked-out connection. Every statement is a `&'static str` constant with typed parameters;
/// nothing here sends an untyped `query(&str)` that would prepare a named statement behind a
/// transaction pooler.
pub(crate) struct Db {
    client: Object,
    mode: PoolMode,
    timeout: Duration,
}

impl Db {
    /// All rows of a statement.
    pub(crate) async fn query(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Result<Vec<Row>, RepoError> {
        self.deadline(async {
            match self.mode {
                PoolMode::Session => {
                    let statement = self
                        .client
                        .prepare_typed_cached(sql, &types(params))
                        .await?;
                    self.client.query(&statement, &values(params)).await
                }
                PoolMode::Transaction => self.client.query_typed(sql, params).await,
            }
        })
        .await
    }

    /// The row of a statement that returns zero or one row.
    pub(crate) async fn query_opt(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Result<Option<Row>, RepoError> {
        let mut rows = self.query(sql, params).await?;
        if rows.len() > 1 {
            return Err(RepoError::Internal(
                format!("expected at most one row, got {}", rows.len()).into(),
            ));
        }
        Ok(rows.pop())
    }

    /// The row of a statement that returns exactly one row.
    pub(crate) async fn query_one(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Result<Row, RepoError> {
        self.query_opt(sql, params)
            .await?
            .ok_or_else(|| RepoError::Internal("expected one row, got none".into()))
    }

    /// Runs one statement under the statement deadline; past it, asks the server to cancel
    /// the statement and reports `Unavailable`.
    async fn deadline<T>(
        &self,
        work: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, RepoError> {
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result.map_err(repo_error::from_pg),
            Err(_) => {
                let token = self.client.cancel_token();
                tokio::spawn(async move {
                    if let Err(error) = token.cancel_query(NoTls).await {
                        tracing::warn!(error = %error, "cancelling a timed-out statement failed");
                    }
                });
                Err(repo_error::timed_out(self.timeout))
            }
        }
    }
}

impl Db {
    /// Makes sure every statement of a pipeline is prepared before any of them runs. A cached
    /// statement is sent at once while an uncached one first waits for its Parse: pipelined
    /// unprepared, a read could overtake the write it means to see. Transaction mode sends
    /// each statement whole, in order, so there is nothing to do.
    pub(crate) async fn prepare_pipeline(
        &self,
        statements: &[(&'static str, &[Param<'_>])],
    ) -> Result<(), RepoError> {
        if self.mode == PoolMode::Transaction {
            return Ok(());
        }
        for (sql, params) in statements {
            self.deadline(self.client.prepare_typed_cached(sql, &types(params)))
                .await?;
        }
        Ok(())
    }
}

fn types(params: &[Param<'_>]) -> Vec<Type> {
    params.iter().map(|(_, ty)| ty.clone()).collect()
}

fn values<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params.iter().map(|(value, _)| *value).collect()
}
