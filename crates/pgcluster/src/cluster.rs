//! A running local cluster: where to connect, and stopping it when this process started it.

use std::path::{Path, PathBuf};

use crate::command::run;
use crate::config::ClusterConfig;
use crate::error::ClusterError;
use crate::run_as::RunAs;
use crate::server_args::LISTEN_ADDRESS;
use crate::{liveness, pidfile};

/// A running local PostgreSQL cluster, started by this process or reused from another one.
#[derive(Debug)]
pub struct PgCluster {
    pub(crate) data_dir: PathBuf,
    pub(crate) bin_dir: PathBuf,
    pub(crate) log_file: PathBuf,
    pub(crate) socket_dir: PathBuf,
    pub(crate) port: u16,
    pub(crate) superuser: String,
    pub(crate) pid: i32,
    pub(crate) owned: bool,
    pub(crate) run_as: RunAs,
}

impl PgCluster {
    /// Reuses the server running in `cfg.data_dir`, or initialises (first use) and starts one.
    ///
    /// Blocking: it runs `initdb` and `pg_ctl`. A stale `postmaster.pid` left by a crash is removed.
    /// Starts are serialised between processes by a lock file beside the data directory.
    pub fn ensure_started(cfg: ClusterConfig) -> Result<Self, ClusterError> {
        crate::start::ensure_started(&cfg)
    }

    /// TCP host to connect to (always `127.0.0.1`).
    pub fn host(&self) -> &str {
        LISTEN_ADDRESS
    }

    /// TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Directory holding the unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Superuser to connect as (no password: trust authentication).
    pub fn user(&self) -> &str {
        &self.superuser
    }

    /// The (canonical) data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Directory of the server programs in use.
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    /// The server log file.
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// Process id of the postmaster.
    pub fn postmaster_pid(&self) -> i32 {
        self.pid
    }

    /// Whether this handle started the server (only such a handle stops it).
    pub fn is_owned(&self) -> bool {
        self.owned
    }

    /// Connection string (key=value form, over TCP) for the `postgres` database.
    pub fn connection_string(&self) -> String {
        self.connection_string_for("postgres")
    }

    /// Connection string (key=value form, over TCP) for `dbname`.
    pub fn connection_string_for(&self, dbname: &str) -> String {
        format!(
            "host={LISTEN_ADDRESS} port={} user={} dbname={}",
            self.port,
            quote(&self.superuser),
            quote(dbname)
        )
    }

    /// Connection string (key=value form, over the unix socket) for `dbname`.
    pub fn socket_connection_string_for(&self, dbname: &str) -> String {
        format!(
            "host={} port={} user={} dbname={}",
            quote(&self.socket_dir.display().to_string()),
            self.port,
            quote(&self.superuser),
            quote(dbname)
        )
    }

    /// Whether the postmaster this handle points at is still running.
    pub fn is_running(&self) -> bool {
        pidfile::read(&self.data_dir)
            .ok()
            .flatten()
            .is_some_and(|p| p.pid == self.pid && liveness::is_live_postgres(p.pid))
    }

    /// Stops the server (`pg_ctl stop -m fast`) if this handle started it; otherwise does nothing.
    pub fn stop(self) -> Result<(), ClusterError> {
        if !self.owned {
            tracing::debug!(data_dir = %self.data_dir.display(), "leaving the cluster to the process that started it");
            return Ok(());
        }
        let mut cmd = self.run_as.command(&self.bin_dir.join("pg_ctl"));
        cmd.arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "fast", "-w", "stop"]);
        run(&mut cmd, "pg_ctl stop")?;
        tracing::info!(data_dir = %self.data_dir.display(), port = self.port, "stopped PostgreSQL cluster");
        Ok(())
    }
}

/// Quotes a connection-string value.
fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_quote_their_values() {
        let cluster = PgCluster {
            data_dir: PathBuf::from("/pg"),
            bin_dir: PathBuf::from("/bin"),
            log_file: PathBuf::from("/postgres.log"),
            socket_dir: PathBuf::from("/pg/sockets"),
            port: 5433,
            superuser: "postgres".to_owned(),
            pid: 1,
            owned: false,
            run_as: RunAs::Current,
        };
        assert_eq!(
            cluster.connection_string(),
            "host=127.0.0.1 port=5433 user='postgres' dbname='postgres'"
        );
        assert_eq!(
            cluster.socket_connection_string_for("o'k"),
            r"host='/pg/sockets' port=5433 user='postgres' dbname='o\'k'"
        );
    }
}
