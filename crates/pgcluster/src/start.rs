//! `PgCluster::ensure_started`: reuse a running server, or clear a stale lock, initialise and start one.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::binaries::Binaries;
use crate::cluster::PgCluster;
use crate::command::run;
use crate::config::ClusterConfig;
use crate::error::ClusterError;
use crate::initdb::{initdb, is_initialised};
use crate::lock::{FileLock, start_lock_path};
use crate::pidfile::{self, PostmasterPid, ReadyServer};
use crate::ports::free_loopback_port;
use crate::run_as::RunAs;
use crate::server_args::server_options;
use crate::{liveness, logfile, socket};

/// How many times a start is tried (a picked port may be taken, old server processes may linger).
const START_ATTEMPTS: u32 = 5;
/// How often `postmaster.pid` is re-read while waiting.
const POLL: Duration = Duration::from_millis(50);
/// How much of the server log a start failure carries.
const LOG_TAIL_LINES: usize = 30;

/// What one `ensure_started` call works with.
struct Ctx<'a> {
    cfg: &'a ClusterConfig,
    run_as: RunAs,
    data_dir: &'a Path,
    bins: &'a Binaries,
    log_file: PathBuf,
}

pub(crate) fn ensure_started(cfg: &ClusterConfig) -> Result<PgCluster, ClusterError> {
    cfg.validate()?;
    let run_as = RunAs::detect()?;
    let data_dir = prepare_data_dir(&cfg.data_dir, run_as)?;
    let _lock = FileLock::acquire(&start_lock_path(&data_dir))?;
    let bins = Binaries::find(cfg.bin_dir.as_deref(), &data_dir)?;
    let ctx = Ctx {
        cfg,
        run_as,
        data_dir: &data_dir,
        bins: &bins,
        log_file: logfile::path_for(&data_dir),
    };
    if let Some(server) = find_running(&data_dir, cfg.start_timeout)? {
        tracing::info!(data_dir = %data_dir.display(), port = server.port, pid = server.pid, "reusing running PostgreSQL cluster");
        return Ok(ctx.cluster(server, false));
    }
    if !is_initialised(&data_dir) {
        initdb(&bins, run_as, &data_dir, &cfg.superuser, cfg.fsync_off())?;
    }
    let socket_dir = socket::choose(cfg.socket_dir.as_deref(), &data_dir)?;
    socket::prepare(&socket_dir, run_as)?;
    logfile::prepare(&data_dir, run_as)?;
    start(&ctx, &socket_dir.path)
}

/// Creates the data directory (0700, parents with default modes), gives a new one to the server user.
fn prepare_data_dir(dir: &Path, run_as: RunAs) -> Result<PathBuf, ClusterError> {
    let absolute = std::path::absolute(dir).map_err(ClusterError::io("could not resolve", dir))?;
    if !absolute.exists() {
        if let Some(parent) = absolute.parent() {
            std::fs::create_dir_all(parent)
                .map_err(ClusterError::io("could not create", parent))?;
        }
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&absolute)
            .map_err(ClusterError::io(
                "could not create data directory",
                &absolute,
            ))?;
    }
    let data_dir = std::fs::canonicalize(&absolute)
        .map_err(ClusterError::io("could not resolve", &absolute))?;
    if !is_initialised(&data_dir) {
        run_as.give(&data_dir)?;
    }
    run_as.check_reachable(&data_dir)?;
    Ok(data_dir)
}

/// The ready server of `data_dir`, waiting while it starts; a stale `postmaster.pid` is removed.
fn find_running(data_dir: &Path, timeout: Duration) -> Result<Option<ReadyServer>, ClusterError> {
    let deadline = Instant::now() + timeout;
    loop {
        let Some(file) = pidfile::read(data_dir)? else {
            return Ok(None);
        };
        if !is_live_server_of(&file, data_dir) {
            remove_stale(&file, data_dir)?;
            return Ok(None);
        }
        if let Some(server) = file.ready() {
            return Ok(Some(server));
        }
        if Instant::now() >= deadline {
            return Err(ClusterError::NotReady {
                data_dir: data_dir.to_path_buf(),
                seconds: timeout.as_secs(),
            });
        }
        sleep(POLL);
    }
}

fn is_live_server_of(file: &PostmasterPid, data_dir: &Path) -> bool {
    let same_dir = file.data_dir == data_dir
        || std::fs::canonicalize(&file.data_dir).is_ok_and(|d| d == data_dir);
    same_dir && liveness::is_live_postgres(file.pid)
}

/// Removes the lock files of a server that died without cleaning up (a crash, `kill -9`, a reboot).
fn remove_stale(file: &PostmasterPid, data_dir: &Path) -> Result<(), ClusterError> {
    tracing::warn!(pid = file.pid, data_dir = %data_dir.display(), "removing stale postmaster.pid of a server that is no longer running");
    remove_if_exists(&data_dir.join(pidfile::FILE_NAME))?;
    if let (Some(dir), Some(port)) = (&file.socket_dir, file.port) {
        let lock = dir.join(format!(".s.PGSQL.{port}.lock"));
        if pidfile::lock_names_pid(&lock, file.pid) {
            remove_if_exists(&lock)?;
            remove_if_exists(&dir.join(format!(".s.PGSQL.{port}")))?;
        }
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), ClusterError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(ClusterError::io("could not remove", path)(e))
        }
        _ => Ok(()),
    }
}

/// Starts the server with `pg_ctl`, retrying on a fresh port; adopts it once `postmaster.pid` says ready.
fn start(ctx: &Ctx<'_>, socket_dir: &Path) -> Result<PgCluster, ClusterError> {
    let mut last_error = None;
    for attempt in 1..=START_ATTEMPTS {
        let port = match ctx.cfg.port {
            Some(port) => port,
            None => free_loopback_port()?,
        };
        if let Err(e) = pg_ctl_start(ctx, port, socket_dir) {
            tracing::warn!(attempt, port, error = %e, "PostgreSQL did not start");
            last_error = Some(Box::new(e));
        }
        // A slow start can outlive pg_ctl's wait: the pid file has the last word.
        if let Some(server) = find_running(ctx.data_dir, ctx.cfg.start_timeout)? {
            tracing::info!(data_dir = %ctx.data_dir.display(), port = server.port, pid = server.pid, "started PostgreSQL cluster");
            return Ok(ctx.cluster(server, true));
        }
        sleep(Duration::from_millis(200) * attempt);
    }
    Err(ClusterError::StartFailed {
        attempts: START_ATTEMPTS,
        log_tail: logfile::tail(&ctx.log_file, LOG_TAIL_LINES),
        source: last_error,
    })
}

fn pg_ctl_start(ctx: &Ctx<'_>, port: u16, socket_dir: &Path) -> Result<(), ClusterError> {
    let wait_secs = ctx.cfg.start_timeout.as_secs().max(1);
    let mut cmd = ctx.run_as.command(&ctx.bins.program("pg_ctl"));
    cmd.arg("-D")
        .arg(ctx.data_dir)
        .arg("-l")
        .arg(&ctx.log_file)
        .args(["-w", "-t", &wait_secs.to_string(), "-o"])
        .arg(server_options(port, socket_dir, &ctx.cfg.settings))
        .arg("start");
    run(&mut cmd, "pg_ctl start").map(drop)
}

impl Ctx<'_> {
    fn cluster(&self, server: ReadyServer, owned: bool) -> PgCluster {
        PgCluster {
            data_dir: self.data_dir.to_path_buf(),
            bin_dir: self.bins.dir().to_path_buf(),
            log_file: self.log_file.clone(),
            socket_dir: server.socket_dir,
            port: server.port,
            superuser: self.cfg.superuser.clone(),
            pid: server.pid,
            owned,
            run_as: self.run_as,
        }
    }
}
