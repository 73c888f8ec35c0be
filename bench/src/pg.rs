//! The benchmark's own PostgreSQL cluster: its durable settings, starting it, connecting to it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use inbox_pgcluster::{ClusterConfig, PgCluster};
use tokio_postgres::{Client, NoTls};

use crate::error::{BenchError, Result};

/// The database the data set lives in.
pub const DATABASE: &str = "inbox_bench";

/// Server settings of every benchmark run (docs/BENCHMARKS.md, "PostgreSQL settings"), with
/// `shared_buffers` sized for this machine and planning tracked to see the app's plan-cache use.
pub const SETTINGS: &[(&str, &str)] = &[
    ("fsync", "on"),
    ("synchronous_commit", "on"),
    ("full_page_writes", "on"),
    ("shared_buffers", "1GB"),
    ("effective_cache_size", "16GB"),
    ("wal_buffers", "64MB"),
    ("max_wal_size", "8GB"),
    ("checkpoint_timeout", "30min"),
    ("track_io_timing", "on"),
    ("shared_preload_libraries", "pg_stat_statements"),
    ("pg_stat_statements.track_planning", "on"),
    ("max_connections", "100"),
];

/// Where the cluster lives under the workspace root.
pub fn data_dir(root: &Path, pg_dir: &Path) -> PathBuf {
    root.join(pg_dir)
}

/// Reuses the running benchmark cluster or starts it (blocking work off the runtime).
pub async fn start(data_dir: PathBuf) -> Result<PgCluster> {
    let cfg = SETTINGS
        .iter()
        .fold(ClusterConfig::new(data_dir), |cfg, (name, value)| {
            cfg.setting(*name, *value)
        });
    let cluster = tokio::task::spawn_blocking(move || PgCluster::ensure_started(cfg))
        .await
        .map_err(|e| BenchError::other(format!("cluster start task failed: {e}")))??;
    tracing::info!(
        port = cluster.port(),
        socket = %cluster.socket_dir().display(),
        started_here = cluster.is_owned(),
        "benchmark cluster ready"
    );
    Ok(cluster)
}

/// A connection over the unix socket; its driver task runs on the runtime.
pub async fn connect(cluster: &PgCluster, dbname: &str) -> Result<Client> {
    let conn_str = format!(
        "{} connect_timeout=10",
        cluster.socket_connection_string_for(dbname)
    );
    let (client, connection) = tokio_postgres::connect(&conn_str, NoTls)
        .await
        .map_err(BenchError::db(format!("connecting to {dbname}")))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "benchmark database connection ended");
        }
    });
    Ok(client)
}

/// Creates database `name` afresh (a copy of `template` when given: files, not WAL), applies the
/// app's pending migrations to it and returns a connection to it.
pub async fn recreate(cluster: &PgCluster, name: &str, template: Option<&str>) -> Result<Client> {
    let admin = connect(cluster, "postgres").await?;
    let create = match template {
        Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"),
        None => format!("CREATE DATABASE {name}"),
    };
    // One statement per call: neither may run inside a transaction block.
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        create,
    ] {
        admin
            .batch_execute(&sql)
            .await
            .map_err(BenchError::db(format!("creating database {name}")))?;
    }
    let mut client = connect(cluster, name).await?;
    let report = inbox_postgres::migrate::apply_pending(&mut client).await?;
    if !report.is_noop() {
        tracing::info!(database = name, ?report, "migrations applied");
    }
    Ok(client)
}

/// Drops database `name` if it exists.
pub async fn drop_database(cluster: &PgCluster, name: &str) -> Result<()> {
    connect(cluster, "postgres")
        .await?
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .map_err(BenchError::db(format!("dropping database {name}")))
}

/// The URL inboxd gets as `DATABASE_URL`: the unix socket of the cluster, with server options
/// for its connections when given.
pub fn socket_url(cluster: &PgCluster, dbname: &str, options: Option<&str>) -> String {
    let options = options.map_or(String::new(), |o| format!("&options={}", percent_encode(o)));
    format!(
        "postgresql://{}@/{dbname}?host={}&port={}{options}",
        cluster.user(),
        cluster.socket_dir().display(),
        cluster.port()
    )
}

/// Percent-encodes everything but unreserved URL characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Stops the cluster of `data_dir` if one runs: SIGINT (fast shutdown) to the postmaster named in
/// its `postmaster.pid`, then waits for it to exit.
pub fn stop(data_dir: &Path) -> Result<bool> {
    let pid_file = data_dir.join("postmaster.pid");
    let Ok(text) = std::fs::read_to_string(&pid_file) else {
        return Ok(false);
    };
    let Some(pid) = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok())
    else {
        return Err(BenchError::other(format!(
            "{} has no pid",
            pid_file.display()
        )));
    };
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    if !String::from_utf8_lossy(&cmdline).contains("postgres") {
        tracing::info!(pid, "the cluster is not running (stale postmaster.pid)");
        return Ok(false);
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGINT,
    )
    .map_err(|e| BenchError::other(format!("could not signal postmaster {pid}: {e}")))?;
    for _ in 0..600 {
        if !Path::new(&format!("/proc/{pid}")).exists() {
            tracing::info!(pid, "benchmark cluster stopped");
            return Ok(true);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(BenchError::other(format!(
        "postmaster {pid} did not stop within 60 s"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_percent_encoded() {
        assert_eq!(
            percent_encode("-c plan_cache_mode=force_generic_plan"),
            "-c%20plan_cache_mode%3Dforce_generic_plan"
        );
    }
}
