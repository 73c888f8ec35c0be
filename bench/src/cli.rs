//! Command line of `inbox-bench`: subcommands, their flags, and duration parsing.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::profile::Profile;

/// Loads a generated data set into a private PostgreSQL cluster and measures the inbox read
/// paths over HTTP, open loop, next to their references measured in the same run.
#[derive(Debug, Parser)]
#[command(name = "inbox-bench", version, about)]
pub struct Cli {
    /// Workspace root (holds `target/` and `docs/`); defaults to the one this tool was built in.
    #[arg(long, global = true)]
    pub root: Option<PathBuf>,
    /// Data directory of the benchmark cluster, relative to the root.
    #[arg(long, global = true, default_value = "target/bench-pg")]
    pub pg_dir: PathBuf,
    /// What to do; without a subcommand: `all`.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the `inbox_bench` database afresh and load a generated data set into it.
    Load(LoadArgs),
    /// Measure against the loaded data set and write docs/performance.md.
    Run(RunArgs),
    /// Webhook ingestion (W1) alone against the loaded data set: sustained rates, a burst, R5;
    /// writes only its own section of docs/performance.md.
    W1(W1Args),
    /// Sending (W4) alone, in a fresh database of its own against an in-process fake Meta: the
    /// send request's latency, then the sustained gateway throughput; writes only its section.
    W4(W4Args),
    /// The list and the message page through the PostgREST adapter (against the testkit's fake
    /// PostgREST on the loaded database) next to the direct adapter, same mix, same run; writes
    /// only its own section.
    Rest(RestArgs),
    /// Load (unless the database already holds this profile and seed), then run, then W1, then W4.
    All(AllArgs),
    /// Stop the benchmark cluster.
    Stop,
}

/// Flags of `load`.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Data set size.
    #[arg(long, value_enum, default_value_t = Profile::Std)]
    pub profile: Profile,
    /// Seed of the generator: the same seed gives the same rows.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// Flags of `run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Offered rates of the open-loop workloads, requests/s (comma separated).
    #[arg(long, value_delimiter = ',', default_value = "2000")]
    pub rate: Vec<u32>,
    /// Measured time of each open-loop workload (e.g. 30s, 1m).
    #[arg(long, value_parser = parse_duration, default_value = "30s")]
    pub duration: Duration,
    /// Discarded warm-up before each open-loop workload.
    #[arg(long, value_parser = parse_duration, default_value = "10s")]
    pub warmup: Duration,
    /// Measured time of each saturation (closed-loop) workload and pgbench reference.
    #[arg(long, value_parser = parse_duration, default_value = "15s")]
    pub sat_duration: Duration,
    /// Client connections of the saturation workloads (comma separated); pgbench uses the first.
    #[arg(long, value_delimiter = ',', default_value = "4,8,16")]
    pub clients: Vec<usize>,
    /// HTTP connections the open-loop driver keeps; a request waits for a free one.
    #[arg(long, default_value_t = 32)]
    pub connections: usize,
    /// Requests allowed in flight (waiting or sent) before a new one counts as an overflow error.
    #[arg(long, default_value_t = 1000)]
    pub max_in_flight: usize,
    /// TCP port of inboxd on 127.0.0.1.
    #[arg(long, default_value_t = 18_080)]
    pub port: u16,
    /// inboxd's pool size (min = max).
    #[arg(long, default_value_t = 8)]
    pub pool: usize,
    /// inboxd's HTTP worker threads.
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// The inboxd binary, relative to the root.
    #[arg(long, default_value = "target/release/inboxd")]
    pub inboxd: PathBuf,
    /// Markdown report to update, relative to the root; `-` writes nothing but stdout.
    #[arg(long, default_value = "docs/performance.md")]
    pub docs: String,
    /// Leave the cluster running at the end even when this run started it.
    #[arg(long)]
    pub keep_cluster: bool,
    /// A labelled variant: PostgreSQL options inboxd's connections start with, e.g.
    /// `-c plan_cache_mode=force_generic_plan` (sent as `options` in `DATABASE_URL`).
    #[arg(long, allow_hyphen_values = true)]
    pub server_pg_options: Option<String>,
    /// Seed of the request mix.
    #[arg(long, default_value_t = 7)]
    pub mix_seed: u64,
    /// Only these workloads (ids, comma separated, e.g. `A1,R9,R0`); default: all.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

impl RunArgs {
    /// Whether the workload `id` is part of this run.
    pub fn runs(&self, id: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == id)
    }
}

/// Flags of the webhook-ingestion workload (W1), prefixed to sit beside `run`'s.
#[derive(Debug, Clone, Args)]
pub struct W1Options {
    /// Sustained offered rates of W1, deliveries/s (comma separated).
    #[arg(long = "w1-rates", value_delimiter = ',', default_value = "1000,4000")]
    pub w1_rates: Vec<u32>,
    /// Deliveries of the W1 burst (scheduled within 250 ms); 0 skips it.
    #[arg(long = "w1-burst", default_value_t = 10_000)]
    pub w1_burst: u32,
    /// Visibility probes per second during the sustained W1 workloads.
    #[arg(long = "w1-probes", default_value_t = 10)]
    pub w1_probes: u32,
    /// inboxd's webhook worker tasks (`INBOX_WEBHOOKS__WORKERS`); its default when absent.
    #[arg(long = "w1-webhook-workers")]
    pub w1_webhook_workers: Option<usize>,
    /// Longest wait for the queue to drain after a W1 workload.
    #[arg(long = "w1-drain-timeout", value_parser = parse_duration, default_value = "120s")]
    pub w1_drain_timeout: Duration,
    /// More inboxd settings for W1, `NAME=VALUE` (repeatable), e.g. `INBOX_WEBHOOKS__BATCH_SIZE=128`.
    #[arg(long = "w1-env", value_parser = parse_env)]
    pub w1_env: Vec<(String, String)>,
    /// Keep W1's copy of the database (`inbox_bench_w1`) afterwards, for inspection.
    #[arg(long = "w1-keep-database")]
    pub w1_keep_database: bool,
}

/// Flags of `w1`: its own, and `run`'s for the server, the schedule and the report.
#[derive(Debug, Clone, Args)]
pub struct W1Args {
    /// W1's flags.
    #[command(flatten)]
    pub w1: W1Options,
    /// Server, schedule (`--duration`, `--warmup`, `--connections`) and report flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Flags of the sending workload (W4), prefixed to sit beside `run`'s.
#[derive(Debug, Clone, Args)]
pub struct W4Options {
    /// Offered rates of the send requests, requests/s (comma separated).
    #[arg(long = "w4-rates", value_delimiter = ',', default_value = "200,500")]
    pub w4_rates: Vec<u32>,
    /// Fake Meta's answer delays during the latency phase, ms (comma separated).
    #[arg(long = "w4-delays-ms", value_delimiter = ',', default_value = "0,300")]
    pub w4_delays_ms: Vec<u64>,
    /// Fake Meta's answer delay during the throughput phase, ms.
    #[arg(long = "w4-latency-ms", default_value_t = 300)]
    pub w4_latency_ms: u64,
    /// Messages queued at once for the throughput phase; 0 skips it.
    #[arg(long = "w4-count", default_value_t = 30_000)]
    pub w4_count: u32,
    /// The number's throughput tier: inboxd's send rate and fake Meta's cap, messages/s.
    #[arg(long = "w4-tier", default_value_t = 1000)]
    pub w4_tier: u32,
    /// inboxd's send worker tasks (`INBOX_SENDING__WORKERS`).
    #[arg(long = "w4-send-workers", default_value_t = 8)]
    pub w4_send_workers: usize,
    /// Jobs a send worker claims and sends concurrently (`INBOX_SENDING__BATCH_SIZE`).
    #[arg(long = "w4-batch-size", default_value_t = 128)]
    pub w4_batch_size: u32,
    /// Conversations the sends are spread over.
    #[arg(long = "w4-conversations", default_value_t = 5_000)]
    pub w4_conversations: u32,
    /// Longest wait for the outbox to drain after a phase.
    #[arg(long = "w4-drain-timeout", value_parser = parse_duration, default_value = "180s")]
    pub w4_drain_timeout: Duration,
    /// More inboxd settings for W4, `NAME=VALUE` (repeatable).
    #[arg(long = "w4-env", value_parser = parse_env)]
    pub w4_env: Vec<(String, String)>,
    /// Keep W4's database (`inbox_bench_w4`) afterwards, for inspection.
    #[arg(long = "w4-keep-database")]
    pub w4_keep_database: bool,
}

/// Flags of `w4`: its own, and `run`'s for the server, the schedule and the report.
#[derive(Debug, Clone, Args)]
pub struct W4Args {
    /// W4's flags.
    #[command(flatten)]
    pub w4: W4Options,
    /// Server, schedule (`--duration`, `--warmup`, `--connections`) and report flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Flags of the PostgREST-vs-direct comparison, prefixed to sit beside `run`'s.
#[derive(Debug, Clone, Args)]
pub struct RestOptions {
    /// Offered rates of the open-loop workloads, calls/s (comma separated).
    #[arg(long = "rest-rates", value_delimiter = ',', default_value = "200,500")]
    pub rest_rates: Vec<u32>,
    /// Concurrent callers of the closed-loop workloads (comma separated).
    #[arg(long = "rest-clients", value_delimiter = ',', default_value = "4,8")]
    pub rest_clients: Vec<usize>,
}

/// Flags of `rest`: its own, and `run`'s for the pool, the schedule and the report.
#[derive(Debug, Clone, Args)]
pub struct RestArgs {
    /// The comparison's flags.
    #[command(flatten)]
    pub rest: RestOptions,
    /// Pool (`--pool`), schedule (`--duration`, `--warmup`, `--sat-duration`) and report flags.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Flags of `all`.
#[derive(Debug, Clone, Args)]
pub struct AllArgs {
    /// Data set flags.
    #[command(flatten)]
    pub load: LoadArgs,
    /// Measurement flags.
    #[command(flatten)]
    pub run: RunArgs,
    /// W1's flags.
    #[command(flatten)]
    pub w1: W1Options,
    /// Leave out W1 (webhook ingestion).
    #[arg(long)]
    pub skip_w1: bool,
    /// W4's flags.
    #[command(flatten)]
    pub w4: W4Options,
    /// Leave out W4 (sending).
    #[arg(long)]
    pub skip_w4: bool,
    /// Load again even when the database already holds this profile and seed.
    #[arg(long)]
    pub reload: bool,
}

/// Parses `NAME=VALUE`.
fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("{text:?} is not NAME=VALUE")),
    }
}

/// Parses `250ms`, `30s`, `2m` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration like 30s, 500ms or 2m"))?;
    let seconds = match unit {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" | "min" => value * 60.0,
        _ => return Err(format!("{text:?}: unknown unit {unit:?} (use ms, s or m)")),
    };
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err(format!("{text:?} must be a positive duration"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_parse_in_every_unit() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("10h").is_err());
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn no_subcommand_means_all_and_lists_split_on_commas() {
        let cli = Cli::try_parse_from(["inbox-bench"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["inbox-bench", "run", "--rate", "200,2000"]).unwrap();
        let Some(Command::Run(run)) = cli.command else {
            panic!("expected run");
        };
        assert_eq!(run.rate, vec![200, 2000]);
    }

    #[test]
    fn w1_takes_its_own_flags_and_the_run_flags() {
        let cli = Cli::try_parse_from([
            "inbox-bench",
            "w1",
            "--w1-rates",
            "500",
            "--w1-env",
            "INBOX_WEBHOOKS__WORKERS=4",
            "--duration",
            "5s",
        ])
        .unwrap();
        let Some(Command::W1(w1)) = cli.command else {
            panic!("expected w1");
        };
        assert_eq!(w1.w1.w1_rates, vec![500]);
        assert_eq!(w1.w1.w1_burst, 10_000);
        assert_eq!(
            w1.w1.w1_env,
            vec![("INBOX_WEBHOOKS__WORKERS".to_owned(), "4".to_owned())]
        );
        assert_eq!(w1.run.duration, Duration::from_secs(5));
        assert!(parse_env("novalue").is_err());
    }

    #[test]
    fn rest_takes_its_own_flags_and_the_run_flags() {
        let cli =
            Cli::try_parse_from(["inbox-bench", "rest", "--rest-clients", "2", "--pool", "4"])
                .unwrap();
        let Some(Command::Rest(rest)) = cli.command else {
            panic!("expected rest");
        };
        assert_eq!(rest.rest.rest_rates, vec![200, 500]);
        assert_eq!(rest.rest.rest_clients, vec![2]);
        assert_eq!(rest.run.pool, 4);
    }

    #[test]
    fn w4_takes_its_own_flags_and_the_run_flags() {
        let cli = Cli::try_parse_from([
            "inbox-bench",
            "w4",
            "--w4-count",
            "2000",
            "--w4-delays-ms",
            "0,300,800",
            "--duration",
            "5s",
        ])
        .unwrap();
        let Some(Command::W4(w4)) = cli.command else {
            panic!("expected w4");
        };
        assert_eq!(w4.w4.w4_count, 2000);
        assert_eq!(w4.w4.w4_delays_ms, vec![0, 300, 800]);
        assert_eq!(w4.w4.w4_rates, vec![200, 500]);
        assert_eq!(w4.w4.w4_tier, 1000);
        assert_eq!(w4.run.duration, Duration::from_secs(5));
    }
}
