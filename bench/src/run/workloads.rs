//! The runners of single workloads (open loop, closed-loop HTTP, pgbench), each measured with
//! fresh counters and turned into a `Row`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::Uri;
use tokio_postgres::Client;

use crate::cli::RunArgs;
use crate::cpu::Probe;
use crate::driver::closed_loop::{self, ClosedLoop};
use crate::driver::open_loop::{self, OpenLoop, Target};
use crate::error::Result;
use crate::pgbench::{Load, Pgbench, Script};
use crate::results::{Mode, Row};
use crate::statements;

/// Warm-up of each closed-loop workload.
const CLOSED_WARMUP: Duration = Duration::from_secs(3);
/// A request unanswered after this is a failure.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Everything a measurement needs.
pub(super) struct Bench<'a> {
    pub(super) args: &'a RunArgs,
    pub(super) addr: SocketAddr,
    pub(super) client: &'a Client,
    pub(super) probe: Probe,
    pub(super) pgbench: Pgbench,
}

/// An open-loop workload: a discarded warm-up run, then the measured run with fresh counters.
pub(super) async fn open<T: Target>(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    target: Arc<T>,
    rate: u32,
) -> Result<Row> {
    let mut cfg = OpenLoop {
        rate: f64::from(rate),
        warmup: Duration::ZERO,
        duration: b.args.warmup,
        max_in_flight: b.args.max_in_flight,
        timeout: TIMEOUT,
    };
    open_loop::run(target.clone(), &cfg, b.args.mix_seed ^ 1).await?;
    cfg.duration = b.args.duration;
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, &cfg, b.args.mix_seed).await?;
    let after = b.probe.snapshot();
    let row = Row::open_loop(
        id,
        what.to_owned(),
        f64::from(rate),
        r.achieved(),
        &r,
        b.probe.used(&before, &after),
        statements::read(b.client).await?,
    );
    log_row(&row);
    Ok(row)
}

/// A closed-loop HTTP workload: warm-up run, then the measured run with fresh counters.
pub(super) async fn closed_http(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    targets: Arc<Vec<Uri>>,
    clients: usize,
) -> Result<Row> {
    let mut cfg = ClosedLoop {
        clients,
        warmup: Duration::ZERO,
        duration: CLOSED_WARMUP,
        timeout: TIMEOUT,
    };
    closed_loop::run(b.addr, targets.clone(), &cfg, b.args.mix_seed ^ 1).await?;
    cfg.duration = b.args.sat_duration;
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = closed_loop::run(b.addr, targets, &cfg, b.args.mix_seed).await?;
    let after = b.probe.snapshot();
    let row = Row {
        id,
        what: what.to_owned(),
        mode: Mode::Closed(clients),
        throughput: r.throughput(),
        latency: r.latency,
        requests: r.outcomes.ok,
        covered: r.outcomes.ok + r.outcomes.errors(),
        errors: r.outcomes.errors(),
        error_detail: r.outcomes.detail(),
        lag_p99: None,
        service_p99: None,
        percentiles: true,
        cpu: b.probe.used(&before, &after),
        statements: statements::read(b.client).await?,
    };
    log_row(&row);
    Ok(row)
}

/// pgbench, closed loop; its warm-up is inside the run, so CPU and statements are per
/// processed transaction.
pub(super) async fn run_pgbench(
    b: &Bench<'_>,
    id: &'static str,
    what: &str,
    script: &Script,
    clients: usize,
    plan_cache_mode: Option<String>,
) -> Result<Row> {
    let load = Load {
        clients,
        threads: clients.min(2),
        warmup: CLOSED_WARMUP,
        duration: b.args.sat_duration,
        rate: None,
        plan_cache_mode,
    };
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = b.pgbench.run(script, &load).await?;
    let after = b.probe.snapshot();
    let mut latency = r.latency;
    // Little's law gives the mean; pgbench's own percentiles are not usable (see `Row`).
    latency.mean = if r.tps > 0.0 {
        1000.0 * clients as f64 / r.tps
    } else {
        0.0
    };
    let row = Row {
        id,
        what: what.to_owned(),
        mode: Mode::Closed(clients),
        throughput: r.tps,
        latency,
        requests: (r.tps * load.duration.as_secs_f64()).round() as u64,
        covered: r.processed,
        errors: r.failed,
        error_detail: None,
        lag_p99: None,
        service_p99: None,
        percentiles: false,
        cpu: b.probe.used(&before, &after),
        statements: statements::read(b.client).await?,
    };
    log_row(&row);
    Ok(row)
}

fn log_row(row: &Row) {
    tracing::info!(
        id = row.id,
        mode = ?row.mode,
        rps = format!("{:.0}", row.throughput),
        p50_ms = row.latency.p50,
        p99_ms = row.latency.p99,
        errors = row.errors,
        others_load = format!("{:.2}", row.cpu.other_load()),
        "{}",
        row.what
    );
}
