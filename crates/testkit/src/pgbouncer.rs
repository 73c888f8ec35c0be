//! A private pgbouncer in transaction mode in front of the test cluster, killed on drop: proves an
//! adapter works behind a transaction pooler (Supabase's port 6543) without session state.

use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::unistd::{User, chown, geteuid};
use tokio_postgres::Config;

/// Where Debian installs pgbouncer; `PATH` is searched too.
const KNOWN_PATHS: [&str; 2] = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];
/// How long pgbouncer may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Why pgbouncer could not be started.
#[derive(Debug, thiserror::Error)]
pub enum PgBouncerError {
    /// The binary is not installed.
    #[error(
        "pgbouncer is not installed (looked in {KNOWN_PATHS:?} and PATH): run `make deps` (apt-get install -y pgbouncer)"
    )]
    NotInstalled,
    /// We are root and there is no `postgres` user to run it as (pgbouncer refuses root).
    #[error("running as root, but there is no `postgres` system user to run pgbouncer as")]
    NoPostgresUser,
    /// Preparing its directory or files failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// It exited or did not listen in time.
    #[error("pgbouncer did not start: {reason}; its log:\n{log}")]
    NotStarted {
        /// What happened.
        reason: String,
        /// The end of its log file.
        log: String,
    },
}

/// A running pgbouncer (`pool_mode = transaction`, trust authentication, loopback only).
#[derive(Debug)]
pub struct PgBouncer {
    child: Child,
    dir: PathBuf,
    port: u16,
    user: String,
}

impl PgBouncer {
    /// Starts pgbouncer in front of the server at `host:port`, for every database, as `user`.
    /// The client pool has room for 200 connections, the server pool 10 per database.
    pub async fn start(host: &str, port: u16, user: &str) -> Result<Self, PgBouncerError> {
        let binary = find_binary().ok_or(PgBouncerError::NotInstalled)?;
        let run_as = run_as()?;
        let dir =
            std::env::temp_dir().join(format!("inbox-pgbouncer-{:016x}", rand::random::<u64>()));
        let io = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| PgBouncerError::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(&dir).map_err(io("could not create", &dir))?;
        if let Some(user) = &run_as {
            chown(&dir, Some(user.uid), Some(user.gid))
                .map_err(|errno| io("could not hand over", &dir)(errno.into()))?;
        }
        let userlist = dir.join("userlist.txt");
        std::fs::write(&userlist, format!("\"{user}\" \"\"\n"))
            .map_err(io("could not write", &userlist))?;

        let mut last_failure = None;
        for _ in 0..3 {
            let listen_port =
                free_port().map_err(io("could not find a free port on", Path::new("127.0.0.1")))?;
            let ini = dir.join("pgbouncer.ini");
            std::fs::write(&ini, ini_text(&dir, host, port, listen_port))
                .map_err(io("could not write", &ini))?;
            let mut command = Command::new(&binary);
            command
                .arg(&ini)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if let Some(user) = &run_as {
                command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
            }
            let mut child = command.spawn().map_err(io("could not run", &binary))?;
            match wait_until_listening(&mut child, listen_port).await {
                Ok(()) => {
                    tracing::debug!(port = listen_port, "pgbouncer started");
                    return Ok(Self {
                        child,
                        dir,
                        port: listen_port,
                        user: user.to_owned(),
                    });
                }
                Err(reason) => {
                    stop(&mut child);
                    last_failure = Some(reason);
                }
            }
        }
        let log = log_tail(&dir);
        if let Err(error) = std::fs::remove_dir_all(&dir) {
            tracing::debug!(%error, "could not remove pgbouncer's directory");
        }
        Err(PgBouncerError::NotStarted {
            reason: last_failure.unwrap_or_default(),
            log,
        })
    }

    /// Starts pgbouncer in front of the server `config` points at (its first host and port).
    pub async fn in_front_of(config: &Config) -> Result<Self, PgBouncerError> {
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => "127.0.0.1".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().unwrap_or("postgres").to_owned();
        Self::start(&host, port, &user).await
    }

    /// The loopback port pgbouncer listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection config for `dbname` through pgbouncer, as the configured user.
    pub fn pg_config_for(&self, dbname: &str) -> Config {
        let mut config = Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user(&self.user)
            .dbname(dbname);
        config
    }

    /// `config` with its host and port replaced by pgbouncer's (same user and database).
    pub fn route(&self, config: &Config) -> Config {
        self.pg_config_for(config.get_dbname().unwrap_or("postgres"))
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        stop(&mut self.child);
        if let Err(error) = std::fs::remove_dir_all(&self.dir) {
            tracing::debug!(%error, "could not remove pgbouncer's directory");
        }
    }
}

/// Polls until `port` accepts connections, failing early when the process exits.
async fn wait_until_listening(child: &mut Child, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("it exited with {status}"));
        }
        if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "it did not listen on port {port} within {START_TIMEOUT:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Kills the process and reaps it.
fn stop(child: &mut Child) {
    if let Err(error) = child.kill() {
        tracing::debug!(%error, "pgbouncer was already gone");
    }
    if let Err(error) = child.wait() {
        tracing::debug!(%error, "could not reap pgbouncer");
    }
}

fn ini_text(dir: &Path, host: &str, port: u16, listen_port: u16) -> String {
    format!(
        "[databases]\n\
         * = host={host} port={port}\n\
         \n\
         [pgbouncer]\n\
         listen_addr = 127.0.0.1\n\
         listen_port = {listen_port}\n\
         unix_socket_dir =\n\
         auth_type = trust\n\
         auth_file = {dir}/userlist.txt\n\
         pool_mode = transaction\n\
         max_client_conn = 200\n\
         default_pool_size = 10\n\
         ignore_startup_parameters = extra_float_digits,options\n\
         logfile = {dir}/pgbouncer.log\n\
         pidfile =\n",
        dir = dir.display()
    )
}

fn find_binary() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("pgbouncer"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    KNOWN_PATHS
        .iter()
        .map(PathBuf::from)
        .chain(on_path)
        .find(|p| p.is_file())
}

/// The `postgres` user when we are root (pgbouncer refuses to run as root), else ourselves.
fn run_as() -> Result<Option<User>, PgBouncerError> {
    if !geteuid().is_root() {
        return Ok(None);
    }
    match User::from_name("postgres") {
        Ok(Some(user)) => Ok(Some(user)),
        _ => Err(PgBouncerError::NoPostgresUser),
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn log_tail(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join("pgbouncer.log")).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}
