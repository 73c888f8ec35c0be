//! The PostgreSQL references: pgbench running the app's own statements (from `inbox_postgres::sql`)
//! with the same parameter mix, and `SELECT 1`, over the same unix socket.
//!
//! pgbench cannot compute a UUID or a timestamp, so each distinct parameter set of the mix becomes
//! variables (`-D a7=… -D t7=… -D c7=…`) and the script picks one by a weighted `\if` tree over
//! `random()`; every leaf is the app's statement with `$n` replaced by that leaf's variables.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use inbox_pgcluster::PgCluster;

use crate::error::{BenchError, Result};
use crate::params::Mix;
use crate::stats::{self, Summary};

/// A pgbench script and the variables it needs.
#[derive(Debug, Clone)]
pub struct Script {
    /// Name in reports.
    pub name: String,
    /// Script text.
    pub text: String,
    /// `-D name=value` pairs.
    pub defines: Vec<(String, String)>,
}

/// `SELECT 1` (R0).
pub fn select_one() -> Script {
    Script {
        name: "SELECT 1".into(),
        text: "SELECT 1;\n".into(),
        defines: Vec::new(),
    }
}

/// The app's keyset statement over the mix; `field` names the cursor for decoding.
pub fn keyset_script(name: &str, sql: &str, mix: &Mix, field: &'static str) -> Result<Script> {
    let distinct = mix.distinct();
    let mut defines = vec![("l".to_owned(), "51".to_owned())];
    let mut leaves = Vec::with_capacity(distinct.len());
    let mut start = 0u64;
    for (i, (param, weight)) in distinct.iter().enumerate() {
        let (at, id) = param.keyset(field)?;
        defines.push((format!("o{i}"), param.owner.to_string()));
        defines.push((format!("t{i}"), at));
        defines.push((format!("c{i}"), id.to_string()));
        let statement = sql
            .replace("$1", &format!(":o{i}"))
            .replace("$2", &format!(":t{i}"))
            .replace("$3", &format!(":c{i}"))
            .replace("$4", ":l");
        leaves.push((start, statement));
        start += u64::from(*weight);
    }
    let mut text = format!("\\set r random(0, {})\n", start.saturating_sub(1));
    tree(&mut text, &leaves, 0);
    Ok(Script {
        name: name.to_owned(),
        text,
        defines,
    })
}

/// Binary search over the leaves' cumulative starts.
fn tree(out: &mut String, leaves: &[(u64, String)], depth: usize) {
    let pad = "  ".repeat(depth);
    if leaves.len() == 1 {
        let _ = writeln!(out, "{pad}{};", leaves[0].1);
        return;
    }
    let mid = leaves.len() / 2;
    let _ = writeln!(out, "{pad}\\if :r < {}", leaves[mid].0);
    tree(out, &leaves[..mid], depth + 1);
    let _ = writeln!(out, "{pad}\\else");
    tree(out, &leaves[mid..], depth + 1);
    let _ = writeln!(out, "{pad}\\endif");
}

/// How to run pgbench.
#[derive(Debug, Clone)]
pub struct Pgbench {
    /// The pgbench program.
    pub program: PathBuf,
    /// Unix socket directory.
    pub socket_dir: PathBuf,
    /// Port.
    pub port: u16,
    /// Role.
    pub user: String,
    /// Database.
    pub database: String,
    /// Where scripts and logs go.
    pub work_dir: PathBuf,
}

/// One pgbench run.
#[derive(Debug, Clone)]
pub struct Load {
    /// Clients (connections).
    pub clients: usize,
    /// Threads.
    pub threads: usize,
    /// Discarded start (latencies and throughput only count after it).
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Fixed rate (`-R`, open loop with latency from the schedule), or as fast as possible.
    pub rate: Option<u32>,
    /// `plan_cache_mode` for the session, or the server default.
    pub plan_cache_mode: Option<String>,
}

/// What a pgbench run measured (from its per-transaction log, inside the measured window).
#[derive(Debug, Clone)]
pub struct PgbenchResult {
    /// Transactions per second in the window.
    pub tps: f64,
    /// Latency (with `-R`: from the scheduled start).
    pub latency: Summary,
    /// Failed transactions pgbench reported (whole run).
    pub failed: u64,
    /// Transactions pgbench processed (whole run, warm-up included).
    pub processed: u64,
}

impl Pgbench {
    /// From the cluster; the program is found beside the server binaries, else on PATH.
    pub fn new(cluster: &PgCluster, database: &str, work_dir: PathBuf) -> Self {
        let beside = cluster.bin_dir().join("pgbench");
        Self {
            program: if beside.is_file() {
                beside
            } else {
                PathBuf::from("pgbench")
            },
            socket_dir: cluster.socket_dir().to_path_buf(),
            port: cluster.port(),
            user: cluster.user().to_owned(),
            database: database.to_owned(),
            work_dir,
        }
    }

    /// Runs `script` under `load`.
    pub async fn run(&self, script: &Script, load: &Load) -> Result<PgbenchResult> {
        std::fs::create_dir_all(&self.work_dir).map_err(BenchError::io(format!(
            "creating {}",
            self.work_dir.display()
        )))?;
        let slug: String = script
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let script_path = self.work_dir.join(format!("{slug}.sql"));
        std::fs::write(&script_path, &script.text)
            .map_err(BenchError::io(format!("writing {}", script_path.display())))?;
        let log_prefix = self.work_dir.join(format!("log_{slug}"));
        remove_logs(&self.work_dir, &format!("log_{slug}"));
        let total = (load.warmup + load.duration).as_secs().max(1);
        let mut cmd = tokio::process::Command::new(&self.program);
        cmd.args(["-n", "-M", "prepared"])
            .args([
                "-c",
                &load.clients.to_string(),
                "-j",
                &load.threads.to_string(),
            ])
            .args(["-T", &total.to_string()])
            .arg("-f")
            .arg(&script_path)
            .arg("--log")
            .arg(format!("--log-prefix={}", log_prefix.display()))
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-p", &self.port.to_string(), "-U", &self.user]);
        if let Some(rate) = load.rate {
            cmd.args(["-R", &rate.to_string()]);
        }
        for (name, value) in &script.defines {
            cmd.arg("-D").arg(format!("{name}={value}"));
        }
        cmd.arg(&self.database);
        cmd.env_remove("PGOPTIONS");
        if let Some(mode) = &load.plan_cache_mode {
            cmd.env("PGOPTIONS", format!("-c plan_cache_mode={mode}"));
        }
        let out = cmd.output().await.map_err(BenchError::io(format!(
            "running {}",
            self.program.display()
        )))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(BenchError::other(format!(
                "pgbench ({}) failed: {}\n{}",
                script.name,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        let (latency, count, span) = read_logs(
            &self.work_dir,
            &format!("log_{slug}"),
            load.warmup,
            load.duration,
        )?;
        remove_logs(&self.work_dir, &format!("log_{slug}"));
        Ok(PgbenchResult {
            tps: count as f64 / span.as_secs_f64(),
            latency,
            failed: counter(&stdout, "number of failed transactions: "),
            processed: counter(&stdout, "number of transactions actually processed: "),
        })
    }
}

/// The number after `prefix` in pgbench's summary ("number of failed transactions: 3 (0.1%)").
fn counter(stdout: &str, prefix: &str) -> u64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn remove_logs(dir: &Path, prefix: &str) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Latency and count of transactions that completed in the window after `warmup`.
/// Log lines: `client tx latency_us script epoch_s epoch_us [schedule_lag_us]`.
fn read_logs(
    dir: &Path,
    prefix: &str,
    warmup: Duration,
    duration: Duration,
) -> Result<(Summary, u64, Duration)> {
    let mut lines_all: Vec<(u64, u64)> = Vec::new();
    for e in std::fs::read_dir(dir)
        .map_err(BenchError::io("reading pgbench logs"))?
        .flatten()
    {
        if !e.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let text =
            std::fs::read_to_string(e.path()).map_err(BenchError::io("reading a pgbench log"))?;
        lines_all.extend(text.lines().filter_map(parse_log_line));
    }
    let first = lines_all.iter().map(|(end, _)| *end).min().unwrap_or(0);
    let from = first + warmup.as_micros() as u64;
    let to = from + duration.as_micros() as u64;
    let mut h = stats::histogram()?;
    let mut count = 0;
    for (end, latency) in lines_all {
        if end >= from && end < to {
            stats::record(&mut h, latency);
            count += 1;
        }
    }
    Ok((Summary::of(&h), count, duration))
}

/// (completion time in µs since the epoch, latency in µs including schedule lag).
fn parse_log_line(line: &str) -> Option<(u64, u64)> {
    let f: Vec<&str> = line.split_whitespace().collect();
    if f.len() < 6 {
        return None;
    }
    let latency: u64 = f[2].parse().ok()?;
    let end = f[4].parse::<u64>().ok()? * 1_000_000 + f[5].parse::<u64>().ok()?;
    let lag: u64 = f.get(6).and_then(|v| v.parse().ok()).unwrap_or(0);
    Some((end, latency + lag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Param;
    use uuid::Uuid;

    #[test]
    fn the_script_picks_every_parameter_set_by_weight() {
        let a = Param {
            owner: Uuid::nil(),
            cursor: None,
        };
        let b = Param {
            owner: Uuid::max(),
            cursor: None,
        };
        let mix = Mix {
            draws: vec![a.clone(), a.clone(), a, b],
        };
        let script = keyset_script("list", "SELECT $1, $2, $3 LIMIT $4", &mix, "cursor").unwrap();
        assert_eq!(
            script.text,
            "\\set r random(0, 3)\n\\if :r < 3\n  SELECT :o0, :t0, :c0 LIMIT :l;\n\\else\n  SELECT :o1, :t1, :c1 LIMIT :l;\n\\endif\n"
        );
        assert!(
            script
                .defines
                .contains(&("t1".to_owned(), "infinity".to_owned()))
        );
        assert!(script.defines.contains(&("l".to_owned(), "51".to_owned())));
    }

    #[test]
    fn log_lines_add_the_schedule_lag() {
        assert_eq!(
            parse_log_line("0 1 250 0 1700000000 500"),
            Some((1_700_000_000_000_500, 250))
        );
        assert_eq!(
            parse_log_line("0 1 250 0 1700000000 500 40"),
            Some((1_700_000_000_000_500, 290))
        );
        assert_eq!(parse_log_line("garbage"), None);
        let summary = "number of transactions actually processed: 461281\nnumber of failed transactions: 3 (0.1%)\n";
        assert_eq!(counter(summary, "number of failed transactions: "), 3);
        assert_eq!(
            counter(summary, "number of transactions actually processed: "),
            461_281
        );
    }

    #[test]
    fn the_app_statements_have_exactly_four_parameters() {
        for sql in [
            inbox_postgres::sql::LIST_CONVERSATIONS,
            inbox_postgres::sql::PAGE_MESSAGES,
        ] {
            assert!(sql.contains("$4") && !sql.contains("$5"), "{sql}");
        }
    }
}
