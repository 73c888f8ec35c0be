//! The machine and build a run happened on: CPU, memory, load, git revision, PostgreSQL.

use std::path::Path;
use std::process::Command;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio_postgres::Client;

use crate::error::{BenchError, Result};

/// What the report states about where it was measured.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// When the run started (UTC).
    pub date: String,
    /// `git rev-parse --short HEAD`, with the number of changed files when the tree is dirty.
    pub git: String,
    /// CPU model name.
    pub cpu: String,
    /// Logical CPUs.
    pub nproc: usize,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Kernel release.
    pub kernel: String,
    /// 1-, 5-, 15-minute load averages at the start.
    pub load_before: String,
    /// The same at the end.
    pub load_after: String,
    /// `SELECT version()`.
    pub postgres: String,
    /// Relevant server settings as the server reports them.
    pub settings: Vec<(String, String)>,
    /// R7: `pg_test_fsync` fdatasync rate, operations/s, when measured.
    pub fsync_per_second: Option<f64>,
    /// `inboxd --version`.
    pub inboxd: String,
}

/// Settings shown in the report.
const SHOWN: &[&str] = &[
    "shared_buffers",
    "effective_cache_size",
    "fsync",
    "synchronous_commit",
    "full_page_writes",
    "wal_buffers",
    "max_wal_size",
    "checkpoint_timeout",
    "max_connections",
    "track_io_timing",
    "shared_preload_libraries",
    "jit",
    "max_parallel_workers_per_gather",
    "work_mem",
];

/// Reads the machine, the repository and the server.
pub async fn capture(root: &Path, client: &Client, inboxd: &Path) -> Result<Environment> {
    let git = output(
        "git",
        &[
            "-C",
            &root.display().to_string(),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    );
    let dirty = output(
        "git",
        &["-C", &root.display().to_string(), "status", "--porcelain"],
    )
    .lines()
    .count();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let postgres: String = client
        .query_one("SELECT version()", &[])
        .await
        .map_err(BenchError::db("reading the server version"))?
        .get(0);
    let rows = client
        .query(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY($1) ORDER BY name",
            &[&SHOWN.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()],
        )
        .await
        .map_err(BenchError::db("reading settings"))?;
    Ok(Environment {
        date: OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default(),
        git: if dirty > 0 {
            format!("{} (working tree: {dirty} changed files)", git.trim())
        } else {
            git.trim().to_owned()
        },
        cpu: cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .unwrap_or("unknown")
            .trim()
            .to_owned(),
        nproc: std::thread::available_parallelism().map_or(0, |n| n.get()),
        memory_gib: meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1_048_576.0),
        kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        load_before: load_average(),
        load_after: String::new(),
        postgres: postgres
            .split(" on ")
            .next()
            .unwrap_or(&postgres)
            .to_owned(),
        settings: rows.iter().map(|r| (r.get(0), r.get(1))).collect(),
        fsync_per_second: None,
        inboxd: output(&inboxd.display().to_string(), &["--version"])
            .trim()
            .to_owned(),
    })
}

/// `/proc/loadavg`'s three averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// R7: runs `pg_test_fsync -s 1` on a file under `dir` and reads its fdatasync rate.
pub async fn fsync_rate(bin_dir: &Path, dir: &Path) -> Option<f64> {
    let file = dir.join("pg_test_fsync.out");
    let out = tokio::process::Command::new(bin_dir.join("pg_test_fsync"))
        .args(["-s", "1", "-f"])
        .arg(&file)
        .output()
        .await
        .ok()?;
    let _ = std::fs::remove_file(&file);
    parse_fdatasync(&String::from_utf8_lossy(&out.stdout))
}

/// The first `fdatasync  N ops/sec` line of pg_test_fsync's output.
fn parse_fdatasync(text: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.trim_start().starts_with("fdatasync"))
        .and_then(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "ops/sec")?;
            words.get(at.checked_sub(1)?)?.parse().ok()
        })
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fdatasync_rate_is_read_from_pg_test_fsync_output() {
        let text = "Compare file sync methods using one 8kB write:\n\
                    (in wal_sync_method preference order, except fdatasync is Linux's default)\n\
                    \x20       open_datasync                      1012.345 ops/sec     988 usecs/op\n\
                    \x20       fdatasync                          1103.801 ops/sec     906 usecs/op\n\
                    \x20       fsync                               801.100 ops/sec    1248 usecs/op\n";
        assert_eq!(parse_fdatasync(text), Some(1103.801));
        assert_eq!(parse_fdatasync("nothing"), None);
    }
}
