//! What every measuring command (`run`, `w1`, `w4`, `rest`) does around its measurements the
//! same way: the run directory and environment record, inboxd started from the shared flags
//! and stopped after, the report printed and written, an owned cluster stopped at the end.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use inbox_pgcluster::PgCluster;
use tokio_postgres::Client;

use crate::cli::RunArgs;
use crate::cpu::{self, Probe};
use crate::env::{self, Environment};
use crate::error::{BenchError, Result};
use crate::server::{Server, ServerConfig};

/// The run directory (created), the inboxd binary, and the environment record with the
/// disk's fsync rate.
pub struct Prepared {
    /// `target/bench-run` under the root: inboxd's output, pid file and scratch files.
    pub run_dir: PathBuf,
    /// The inboxd binary (`--inboxd`, under the root).
    pub inboxd: PathBuf,
    /// The machine, build and database as measured now.
    pub environment: Environment,
}

/// Creates the run directory and records the environment (database settings read through
/// `client`).
pub async fn prepare(
    root: &Path,
    cluster: &PgCluster,
    client: &Client,
    args: &RunArgs,
) -> Result<Prepared> {
    let run_dir = crate::run::run_dir(root);
    std::fs::create_dir_all(&run_dir).map_err(BenchError::io("creating target/bench-run"))?;
    let inboxd = root.join(&args.inboxd);
    let mut environment = env::capture(root, client, &inboxd).await?;
    environment.fsync_per_second = env::fsync_rate(cluster.bin_dir(), &run_dir).await;
    Ok(Prepared {
        run_dir,
        inboxd,
        environment,
    })
}

/// inboxd as the shared flags configure it, serving `database` with the workload's
/// `extra_env` settings.
pub fn server_config(
    args: &RunArgs,
    prepared: &Prepared,
    database: &str,
    extra_env: Vec<(String, String)>,
) -> ServerConfig {
    ServerConfig {
        binary: prepared.inboxd.clone(),
        addr: SocketAddr::from(([127, 0, 0, 1], args.port)),
        pool: args.pool,
        workers: args.workers,
        run_dir: prepared.run_dir.clone(),
        pg_options: args.server_pg_options.clone(),
        extra_env,
        database: database.to_owned(),
    }
}

/// Starts inboxd, runs `measure` with the CPU probe of inboxd and the postmaster, and stops
/// inboxd; the first failure of the three is the result.
pub async fn with_server<T, F, Fut>(
    cfg: &ServerConfig,
    cluster: &PgCluster,
    measure: F,
) -> Result<T>
where
    F: FnOnce(Probe) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let server = Server::start(cfg, cluster).await?;
    let probe = Probe {
        server: Some(server.pid()),
        postmaster: cluster.postmaster_pid(),
        hz: cpu::ticks_per_second(),
    };
    let measured = measure(probe).await;
    server.stop().await?;
    measured
}

/// Prints the report and, unless `--docs -`, replaces its section (between `begin` and `end`)
/// in the docs file; `what` names the report in the log line.
pub fn publish(
    root: &Path,
    args: &RunArgs,
    (begin, end): (&str, &str),
    what: &str,
    text: &str,
) -> Result<()> {
    crate::commands::emit(text)?;
    if args.docs != "-" {
        crate::docs_section::write_section(&root.join(&args.docs), begin, end, text)?;
        tracing::info!(file = %args.docs, "{what} report written");
    }
    Ok(())
}

/// Stops the cluster when this run started it, unless `--keep-cluster`.
pub async fn stop_owned(cluster: PgCluster, args: &RunArgs) -> Result<()> {
    if cluster.is_owned() && !args.keep_cluster {
        tokio::task::spawn_blocking(move || cluster.stop())
            .await
            .map_err(|e| BenchError::other(format!("cluster stop task failed: {e}")))??;
    }
    Ok(())
}
