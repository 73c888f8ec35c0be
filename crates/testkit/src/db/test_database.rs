//! A throwaway database for one test: cloned from the migrated template, dropped with the handle.

use std::sync::Arc;
use std::time::Duration;

use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config};

use super::cluster::TestCluster;
use super::connect::connect;
use super::error::TestDbError;
use super::names::{EMPTY_TAG, quote_ident, template_tag, test_db_name, unix_now};

/// How often a clone is retried while the template is briefly busy.
const CLONE_ATTEMPTS: u32 = 50;

/// A database of its own for one test, in the shared cluster; dropped (`WITH (FORCE)`) on drop.
#[derive(Debug)]
pub struct TestDatabase {
    cluster: Arc<TestCluster>,
    name: String,
}

impl TestDatabase {
    /// A new database with every embedded migration applied (a clone of the template).
    pub async fn new() -> Result<Self, TestDbError> {
        let cluster = TestCluster::shared().await?;
        let template = cluster.template_name().to_owned();
        Self::create(cluster, &template, template_tag(&template)).await
    }

    /// A new database with no schema at all (from `template0`), for testing migrations themselves.
    pub async fn empty() -> Result<Self, TestDbError> {
        let cluster = TestCluster::shared().await?;
        Self::create(cluster, "template0", EMPTY_TAG).await
    }

    async fn create(
        cluster: Arc<TestCluster>,
        template: &str,
        tag: &str,
    ) -> Result<Self, TestDbError> {
        let name = test_db_name(tag, unix_now(), rand::random());
        let admin = cluster.connect_admin().await?;
        let sql = format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote_ident(&name),
            quote_ident(template)
        );
        let mut attempt = 1;
        loop {
            match admin.batch_execute(&sql).await {
                Ok(()) => return Ok(Self { cluster, name }),
                Err(e)
                    if attempt < CLONE_ATTEMPTS && e.code() == Some(&SqlState::OBJECT_IN_USE) =>
                {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(source) => {
                    return Err(TestDbError::Database {
                        action: "creating a test database",
                        source,
                    });
                }
            }
        }
    }

    /// The database name (`t_<unix secs>_<tag>_<random>`).
    pub fn dbname(&self) -> &str {
        &self.name
    }

    /// TCP host (`127.0.0.1`).
    pub fn host(&self) -> &str {
        self.cluster.host()
    }

    /// TCP port.
    pub fn port(&self) -> u16 {
        self.cluster.port()
    }

    /// Superuser to connect as (trust authentication, no password).
    pub fn user(&self) -> &str {
        self.cluster.user()
    }

    /// Connection string (key=value form, over TCP).
    pub fn connection_string(&self) -> String {
        self.cluster.connection_string_for(&self.name)
    }

    /// Connection configuration (over TCP), for building pools.
    pub fn pg_config(&self) -> Config {
        self.cluster.pg_config_for(&self.name)
    }

    /// A new connection driven by the current tokio runtime.
    pub async fn connect(&self) -> Result<Client, TestDbError> {
        connect(&self.pg_config()).await
    }

    /// The shared cluster this database lives in.
    pub fn cluster(&self) -> &TestCluster {
        &self.cluster
    }
}

impl Drop for TestDatabase {
    /// Drops the database from a separate thread with its own runtime (joined), so it works inside
    /// or outside an async context; errors are logged and left to the next run's sweep.
    fn drop(&mut self) {
        let config = self.cluster.pg_config_for("postgres");
        let name = std::mem::take(&mut self.name);
        let dropper = std::thread::Builder::new()
            .name("drop-test-db".to_owned())
            .spawn(move || drop_database(&config, &name));
        if dropper.map(std::thread::JoinHandle::join).is_err() {
            tracing::warn!(
                "could not start a thread to drop a test database; the next run sweeps it"
            );
        }
    }
}

fn drop_database(config: &Config, name: &str) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::warn!(database = name, %error, "could not drop test database");
            return;
        }
    };
    runtime.block_on(async {
        let dropped = async {
            let admin = connect(config).await?;
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name)))
                .await
                .map_err(TestDbError::db("dropping a test database"))
        };
        if let Err(error) = dropped.await {
            tracing::warn!(database = name, %error, "could not drop test database; the next run sweeps it");
        }
    });
}
