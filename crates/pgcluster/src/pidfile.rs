//! Reads `postmaster.pid`, the lock file a running server keeps in its data directory.

use std::path::{Path, PathBuf};

use crate::error::ClusterError;

/// Name of the server's lock file inside the data directory.
pub(crate) const FILE_NAME: &str = "postmaster.pid";

/// What `postmaster.pid` says about the server that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostmasterPid {
    /// Process id of the postmaster.
    pub(crate) pid: i32,
    /// Data directory the postmaster serves.
    pub(crate) data_dir: PathBuf,
    /// TCP port, once written.
    pub(crate) port: Option<u16>,
    /// First unix socket directory, once written.
    pub(crate) socket_dir: Option<PathBuf>,
    /// `starting`, `ready`, `stopping` or `standby`, once written.
    pub(crate) status: Option<String>,
}

/// A server that accepts connections, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadyServer {
    /// Process id of the postmaster.
    pub(crate) pid: i32,
    /// TCP port on 127.0.0.1.
    pub(crate) port: u16,
    /// Unix socket directory.
    pub(crate) socket_dir: PathBuf,
}

impl PostmasterPid {
    /// The server's address, once it accepts connections and has written where.
    pub(crate) fn ready(&self) -> Option<ReadyServer> {
        if self.status.as_deref() != Some("ready") {
            return None;
        }
        Some(ReadyServer {
            pid: self.pid,
            port: self.port?,
            socket_dir: self.socket_dir.clone()?,
        })
    }
}

/// Reads the data directory's `postmaster.pid`, if there is one with at least a pid and a directory.
pub(crate) fn read(data_dir: &Path) -> Result<Option<PostmasterPid>, ClusterError> {
    let path = data_dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(parse(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ClusterError::io("could not read", path)(e)),
    }
}

/// Parses the file; lines are pid, data dir, start time, port, socket dir, listen address, shmem key, status.
pub(crate) fn parse(text: &str) -> Option<PostmasterPid> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let field = |i: usize| lines.get(i).copied().filter(|s| !s.is_empty());
    Some(PostmasterPid {
        pid: field(0)?.parse().ok()?,
        data_dir: PathBuf::from(field(1)?),
        port: field(3).and_then(|p| p.parse().ok()),
        socket_dir: field(4).map(PathBuf::from),
        status: field(7).map(str::to_owned),
    })
}

/// Whether a socket lock file (`.s.PGSQL.<port>.lock`) names `pid` as its owner.
pub(crate) fn lock_names_pid(lock_file: &Path, pid: i32) -> bool {
    std::fs::read_to_string(lock_file).ok().and_then(|text| {
        text.lines()
            .next()
            .and_then(|l| l.trim().parse::<i32>().ok())
    }) == Some(pid)
}

#[cfg(test)]
mod tests {
    use super::*;

    const READY: &str =
        "4242\n/data/pg\n1700000000\n5433\n/data/pg/sockets\n127.0.0.1\n  1234  5678\nready   \n";

    #[test]
    fn a_ready_server_file_is_parsed() {
        let p = parse(READY).unwrap();
        assert_eq!(p.pid, 4242);
        assert_eq!(p.data_dir, PathBuf::from("/data/pg"));
        assert_eq!(p.port, Some(5433));
        assert_eq!(p.socket_dir, Some(PathBuf::from("/data/pg/sockets")));
        assert_eq!(p.ready().map(|r| r.port), Some(5433));
    }

    #[test]
    fn a_file_still_being_written_is_not_ready() {
        let p = parse("4242\n/data/pg\n1700000000\n5433\n").unwrap();
        assert_eq!(p.ready(), None);
        assert_eq!(parse("4242\n"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn a_stopping_server_is_not_ready() {
        let p = parse(&READY.replace("ready   ", "stopping")).unwrap();
        assert_eq!(p.ready(), None);
    }
}
