//! The server under test: `inboxd serve` from the release build, pointed at the benchmark
//! database over the unix socket, stopped (SIGTERM) at the end.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use inbox_pgcluster::PgCluster;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use crate::error::{BenchError, Result};
use crate::http;
use crate::pg;

/// How long inboxd may take to answer /health after its start.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// How inboxd runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The binary.
    pub binary: PathBuf,
    /// Listen address.
    pub addr: SocketAddr,
    /// Pool size (min = max).
    pub pool: usize,
    /// HTTP workers.
    pub workers: usize,
    /// Where its output and pid file go.
    pub run_dir: PathBuf,
    /// PostgreSQL options for its connections (a labelled variant), if any.
    pub pg_options: Option<String>,
    /// More environment variables (inboxd settings of a workload), set last.
    pub extra_env: Vec<(String, String)>,
    /// The database it serves (`inbox_bench`, or W1's copy of it).
    pub database: String,
}

/// The email of the benchmark's user.
const BENCH_USER: &str = "bench@example.com";

/// A bearer token of a global admin, made as an operator would: `inboxd user add`, then
/// `inboxd token` (local tokens, signed with the secret in the run directory).
async fn admin_token(cfg: &ServerConfig, cluster: &PgCluster) -> Result<String> {
    let add = ["user", "add", "--email", BENCH_USER, "--role", "admin"];
    cli(cfg, cluster, &add).await?;
    let token = cli(cfg, cluster, &["token", "--email", BENCH_USER]).await?;
    Ok(token.trim().to_owned())
}

/// Runs an `inboxd` command against the benchmark database; its stdout.
async fn cli(cfg: &ServerConfig, cluster: &PgCluster, args: &[&str]) -> Result<String> {
    let output = Command::new(&cfg.binary)
        .args(args)
        .args(["--storage", "postgres"])
        .env_remove("RUST_LOG")
        .env(
            "DATABASE_URL",
            pg::socket_url(cluster, &cfg.database, cfg.pg_options.as_deref()),
        )
        .env("INBOX_DATA_DIR", &cfg.run_dir)
        .env("INBOX_DATABASE__POOL_MIN", "1")
        .env("INBOX_DATABASE__MIGRATE_ON_START", "false")
        .env("INBOX_LOG__LEVEL", "warn")
        .output()
        .await
        .map_err(BenchError::io(format!("running inboxd {}", args.join(" "))))?;
    if !output.status.success() {
        return Err(BenchError::other(format!(
            "inboxd {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A running inboxd.
pub struct Server {
    child: Child,
    pid: u32,
    pid_file: PathBuf,
}

impl Server {
    /// Starts inboxd and waits until `/health` answers 200.
    pub async fn start(cfg: &ServerConfig, cluster: &PgCluster) -> Result<Self> {
        if !cfg.binary.is_file() {
            return Err(BenchError::other(format!(
                "{} does not exist: build it first with `cargo build --release -p inbox-server`",
                cfg.binary.display()
            )));
        }
        std::fs::create_dir_all(&cfg.run_dir).map_err(BenchError::io(format!(
            "creating {}",
            cfg.run_dir.display()
        )))?;
        let pid_file = cfg.run_dir.join("inboxd.pid");
        stop_leftover(&pid_file).await;
        let log_path = cfg.run_dir.join("inboxd.log");
        let log = std::fs::File::create(&log_path)
            .map_err(BenchError::io(format!("creating {}", log_path.display())))?;
        let log_err = log
            .try_clone()
            .map_err(BenchError::io("duplicating the log handle"))?;
        let mut child = Command::new(&cfg.binary)
            .args([
                "serve",
                "--storage",
                "postgres",
                "--bind",
                &cfg.addr.to_string(),
            ])
            .env_remove("RUST_LOG")
            .env(
                "DATABASE_URL",
                pg::socket_url(cluster, &cfg.database, cfg.pg_options.as_deref()),
            )
            .env_remove("INBOX_STORAGE")
            .env("INBOX_DATA_DIR", &cfg.run_dir)
            .env("INBOX_DATABASE__POOL_MIN", cfg.pool.to_string())
            .env("INBOX_DATABASE__POOL_MAX", cfg.pool.to_string())
            .env("INBOX_DATABASE__MIGRATE_ON_START", "false")
            .env("INBOX_LOG__LEVEL", "warn")
            .env("INBOX_SERVER__WORKERS", cfg.workers.to_string())
            .envs(cfg.extra_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .kill_on_drop(true)
            .spawn()
            .map_err(BenchError::io(format!("starting {}", cfg.binary.display())))?;
        let pid = child
            .id()
            .ok_or_else(|| BenchError::other("inboxd exited at once"))?;
        let _ = std::fs::write(&pid_file, pid.to_string());
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(BenchError::other(format!(
                    "inboxd exited with {status} before answering; its log ({}):\n{}",
                    log_path.display(),
                    tail(&log_path, 20)
                )));
            }
            match http::get_once(cfg.addr, "/health").await {
                Ok(reply) if reply.is_success() => break,
                Ok(reply) if Instant::now() >= deadline => {
                    return Err(BenchError::Http(format!(
                        "/health still answers {} after {} s: {}",
                        reply.status,
                        READY_TIMEOUT.as_secs(),
                        String::from_utf8_lossy(&reply.body)
                    )));
                }
                Err(e) if Instant::now() >= deadline => {
                    return Err(BenchError::Http(format!(
                        "inboxd did not answer /health within {} s: {e}",
                        READY_TIMEOUT.as_secs()
                    )));
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        tracing::info!(pid, addr = %cfg.addr, "inboxd is up");
        http::set_bearer(&admin_token(cfg, cluster).await?)?;
        Ok(Self {
            child,
            pid,
            pid_file,
        })
    }

    /// Process id, for CPU accounting.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// SIGTERM, then SIGKILL after 15 s.
    pub async fn stop(mut self) -> Result<()> {
        let _ = kill(Pid::from_raw(self.pid as i32), Signal::SIGTERM);
        match tokio::time::timeout(Duration::from_secs(15), self.child.wait()).await {
            Ok(_) => {}
            Err(_) => {
                tracing::warn!(
                    pid = self.pid,
                    "inboxd ignored SIGTERM for 15 s; killing it"
                );
                let _ = self.child.kill().await;
            }
        }
        let _ = std::fs::remove_file(&self.pid_file);
        Ok(())
    }
}

/// Stops an inboxd a previous, interrupted run of this harness left behind (by its pid file).
async fn stop_leftover(pid_file: &Path) {
    let Some(pid) = std::fs::read_to_string(pid_file)
        .ok()
        .and_then(|t| t.trim().parse::<i32>().ok())
    else {
        return;
    };
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    if String::from_utf8_lossy(&cmdline).contains("inboxd") {
        tracing::warn!(pid, "stopping the inboxd an earlier run left running");
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        for _ in 0..150 {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let _ = std::fs::remove_file(pid_file);
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
