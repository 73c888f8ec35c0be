//! Helpers: a scratch directory the server user can enter, a light configuration, clients.

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use inbox_pgcluster::{ClusterConfig, PgCluster};
use tempfile::TempDir;
use tokio_postgres::{Client, NoTls};

/// A temporary directory that the `postgres` user may enter (when the tests run as root).
pub fn scratch() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("pgcluster-it-")
        .tempdir()
        .expect("temp dir");
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o755)).expect("chmod temp dir");
    dir
}

/// A small, fast cluster configuration for `data_dir`.
pub fn config(data_dir: &Path) -> ClusterConfig {
    ClusterConfig::new(data_dir)
        .setting("fsync", "off")
        .setting("shared_buffers", "16MB")
        .setting("max_connections", "20")
}

/// Connects with `conn`, driving the connection on the test's runtime.
pub async fn connect(conn: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(conn, NoTls).await.expect("connect");
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// Stops the cluster it holds when the test ends, even when the test panics.
pub struct Running(pub Option<PgCluster>);

impl Running {
    /// Starts (or reuses) a cluster for `cfg`.
    pub fn start(cfg: ClusterConfig) -> Self {
        Self(Some(
            PgCluster::ensure_started(cfg).expect("cluster starts"),
        ))
    }

    /// The cluster.
    pub fn get(&self) -> &PgCluster {
        self.0.as_ref().expect("cluster present")
    }

    /// Stops the cluster now.
    pub fn stop(mut self) {
        if let Some(cluster) = self.0.take() {
            cluster.stop().expect("cluster stops");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(cluster) = self.0.take() {
            let _ = cluster.stop();
        }
    }
}
