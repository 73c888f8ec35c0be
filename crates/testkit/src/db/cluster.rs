//! The shared test cluster: one per machine user, started once, left running, reused by later runs.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;

use inbox_pgcluster::{ClusterConfig, FileLock, PgCluster};
use inbox_postgres::migrate::{combined_checksum, embedded};
use tokio::sync::OnceCell;
use tokio::task::spawn_blocking;
use tokio_postgres::{Client, Config};

use super::connect::connect;
use super::error::TestDbError;
use super::names::template_name;
use super::{sweep, template};

/// Server settings for throwaway data: no durability, many parallel tests, a quiet log.
const SETTINGS: [(&str, &str); 5] = [
    ("fsync", "off"),
    ("synchronous_commit", "off"),
    ("full_page_writes", "off"),
    ("max_connections", "300"),
    ("log_checkpoints", "off"),
];

static SHARED: OnceCell<Arc<TestCluster>> = OnceCell::const_new();

/// The cluster every test database of this machine user lives in, with its migrated template.
#[derive(Debug)]
pub struct TestCluster {
    cluster: PgCluster,
    template: String,
}

impl TestCluster {
    /// The shared cluster; the first call in a process starts or reuses it, sweeps leftovers and
    /// builds the template for this binary's migrations, all under a lock shared with other processes.
    pub async fn shared() -> Result<Arc<Self>, TestDbError> {
        SHARED
            .get_or_try_init(|| async { Self::start().await.map(Arc::new) })
            .await
            .cloned()
    }

    async fn start() -> Result<Self, TestDbError> {
        let root = harness_dir()?;
        let lock_path = root.join("harness.lock");
        let lock = spawn_blocking(move || FileLock::acquire(&lock_path)).await??;
        let mut cfg = ClusterConfig::new(root.join("pg"));
        for (name, value) in SETTINGS {
            cfg = cfg.setting(name, value);
        }
        let cluster = spawn_blocking(move || PgCluster::ensure_started(cfg)).await??;
        let this = Self {
            cluster,
            template: template_name(&combined_checksum(embedded())),
        };
        let admin = this.connect_admin().await?;
        sweep::sweep(&admin, &this.template).await;
        template::ensure(&admin, &this).await?;
        drop(lock);
        Ok(this)
    }

    /// TCP host of the cluster (`127.0.0.1`).
    pub fn host(&self) -> &str {
        self.cluster.host()
    }

    /// TCP port of the cluster.
    pub fn port(&self) -> u16 {
        self.cluster.port()
    }

    /// Superuser to connect as (trust authentication, no password).
    pub fn user(&self) -> &str {
        self.cluster.user()
    }

    /// Name of the migrated template database test databases are cloned from.
    pub fn template_name(&self) -> &str {
        &self.template
    }

    /// Connection string (key=value form, over TCP) for `dbname`.
    pub fn connection_string_for(&self, dbname: &str) -> String {
        self.cluster.connection_string_for(dbname)
    }

    /// Connection configuration (over TCP) for `dbname`.
    pub fn pg_config_for(&self, dbname: &str) -> Config {
        let mut config = Config::new();
        config
            .host(self.host())
            .port(self.port())
            .user(self.user())
            .dbname(dbname);
        config
    }

    /// A superuser connection to the `postgres` database, for roles and other cluster-wide setup.
    pub async fn connect_admin(&self) -> Result<Client, TestDbError> {
        connect(&self.pg_config_for("postgres")).await
    }

    /// The underlying cluster (socket directory, data directory, log file).
    pub fn pg_cluster(&self) -> &PgCluster {
        &self.cluster
    }
}

/// `$TMPDIR/inbox-testkit-<uid>`, enterable by the server user.
fn harness_dir() -> Result<PathBuf, TestDbError> {
    let root = std::env::temp_dir().join(format!("inbox-testkit-{}", nix::unistd::geteuid()));
    let io = |action| {
        let path = root.clone();
        move |source| TestDbError::Io {
            action,
            path,
            source,
        }
    };
    std::fs::create_dir_all(&root).map_err(io("could not create"))?;
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))
        .map_err(io("could not open up"))?;
    Ok(root)
}
