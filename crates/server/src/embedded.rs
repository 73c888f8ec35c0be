//! The embedded default: a private PostgreSQL cluster under the data directory.

use inbox_pgcluster::{ClusterConfig, PgCluster};
use std::path::Path;
use tokio_postgres::NoTls;

use crate::error::StartupError;

/// Name of the application database inside the embedded cluster.
const DATABASE: &str = "inbox";

/// A running embedded cluster and how to reach the application database in it.
pub struct EmbeddedDatabase {
    cluster: PgCluster,
    config: tokio_postgres::Config,
}

impl EmbeddedDatabase {
    /// Starts (or reuses, when another `inboxd` already runs it) the cluster in
    /// `<data_dir>/postgres` and creates the application database on first use.
    pub async fn start(data_dir: &Path) -> Result<Self, StartupError> {
        let cluster_config = ClusterConfig::new(data_dir.join("postgres"));
        let cluster =
            tokio::task::spawn_blocking(move || PgCluster::ensure_started(cluster_config))
                .await
                .map_err(|e| StartupError::Io(std::io::Error::other(e)))?
                .map_err(StartupError::Embedded)?;
        tracing::info!(
            data_dir = %data_dir.display(),
            port = cluster.port(),
            reused = !cluster.is_owned(),
            "embedded PostgreSQL cluster ready"
        );
        let mut config = tokio_postgres::Config::new();
        config
            .host_path(cluster.socket_dir())
            .port(cluster.port())
            .user(cluster.user())
            .dbname("postgres")
            .application_name("inboxd");
        create_database_if_missing(&config).await?;
        config.dbname(DATABASE);
        Ok(Self { cluster, config })
    }

    /// Connection settings for the application database.
    pub fn config(&self) -> &tokio_postgres::Config {
        &self.config
    }

    /// Stops the cluster if this process started it; a cluster another process runs stays up.
    pub async fn stop(self) {
        let cluster = self.cluster;
        if !cluster.is_owned() {
            return;
        }
        match tokio::task::spawn_blocking(move || cluster.stop()).await {
            Ok(Ok(())) => tracing::info!("embedded PostgreSQL cluster stopped"),
            Ok(Err(error)) => {
                tracing::warn!(error = %error, "embedded PostgreSQL did not stop cleanly")
            }
            Err(error) => tracing::warn!(error = %error, "embedded PostgreSQL stop task failed"),
        }
    }
}

async fn create_database_if_missing(admin: &tokio_postgres::Config) -> Result<(), StartupError> {
    let (client, connection) = admin
        .connect(NoTls)
        .await
        .map_err(StartupError::EmbeddedConnect)?;
    let driver = tokio::spawn(connection);
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DATABASE])
        .await
        .map_err(StartupError::EmbeddedConnect)?
        .is_some();
    if !exists {
        // A concurrent creator may win the race; its database is just as good.
        if let Err(error) = client
            .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
            .await
            && error.code() != Some(&tokio_postgres::error::SqlState::DUPLICATE_DATABASE)
        {
            return Err(StartupError::EmbeddedConnect(error));
        }
        tracing::info!(database = DATABASE, "created the application database");
    }
    drop(client);
    let _ = driver.await;
    Ok(())
}
