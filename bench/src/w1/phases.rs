//! The W1 workloads in order: each sustained rate (warm-up, measured window, drain) followed by
//! R5 at the same rate, then the burst and R5's burst. Each workload starts on an empty queue.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use inbox_pgcluster::PgCluster;
use tokio::sync::watch;
use tokio_postgres::Client;
use uuid::Uuid;

use super::backlog::{Backlog, Sampler};
use super::counters::{Counters, Deltas};
use super::mix::{self, Mix, Shape};
use super::post::WebhookTarget;
use super::probe::{PAGE, Prober, Visibility};
use super::setup;
use crate::cli::W1Args;
use crate::cpu::Probe;
use crate::driver::insert::InsertTarget;
use crate::driver::open_loop::{self, OpenLoop, OpenLoopResult};
use crate::error::{BenchError, Result};
use crate::results::Row;
use crate::statements;

/// A request unanswered after this is a failure.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The burst is scheduled within this time (then as fast as the connections allow).
const BURST_WINDOW: Duration = Duration::from_millis(250);
/// Customers (and conversations) per W1 account.
const CUSTOMERS: u64 = 2_000;
/// Bodies the INSERT reference cycles through.
const REFERENCE_BODIES: usize = 1_000;
/// How long outstanding probes may still take once the load stopped.
const PROBE_PATIENCE: Duration = Duration::from_secs(10);

/// What the workloads share.
pub struct Bench<'a> {
    pub args: &'a W1Args,
    pub addr: SocketAddr,
    pub cluster: &'a PgCluster,
    pub client: &'a Client,
    pub probe: Probe,
    pub probe_account: Uuid,
    pub shape: Shape,
    pub tag: &'a str,
}

/// How a workload offered its load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// A sustained rate, deliveries/s.
    Rate(u32),
    /// That many deliveries at once.
    Burst(u32),
}

/// One W1 or R5 measurement.
#[derive(Debug, Clone)]
pub struct W1Row {
    /// Latency, throughput, errors, CPU, statements (`mode` holds the scheduled rate).
    pub row: Row,
    /// How the load came.
    pub load: Load,
    /// Acknowledgement → visible (webhook workloads).
    pub visibility: Option<Visibility>,
    /// The queue over the window and its drain (webhook workloads).
    pub backlog: Option<Backlog>,
    /// Commits and WAL flushes in the window.
    pub deltas: Deltas,
    /// Deliveries in the measured window (duplicates included).
    pub offered: u64,
}

/// The W1 accounts' size: enough outgoing messages for every status of the planned load.
pub fn shape(args: &W1Args) -> Shape {
    let seconds = (args.run.warmup + args.run.duration).as_secs_f64();
    let deliveries: f64 = args
        .w1
        .w1_rates
        .iter()
        .map(|&r| f64::from(r) * seconds)
        .sum::<f64>()
        + f64::from(args.w1.w1_burst);
    // 65 % of the requests are statuses, three per outgoing message, spread over the accounts.
    let outgoing = (deliveries * 0.65 / 3.0 / f64::from(mix::ACCOUNTS)).ceil() as u64 + 1_000;
    Shape {
        customers: CUSTOMERS,
        outgoing,
    }
}

/// Runs every workload.
pub async fn measure(b: &Bench<'_>) -> Result<Vec<W1Row>> {
    let mix = Arc::new(Mix::new(b.tag, b.shape, b.args.run.mix_seed));
    let prober = Arc::new(Prober::new()?);
    let (stop, stopped) = watch::channel(false);
    let poller = prober.spawn(
        b.addr,
        b.probe_account,
        mix::probe_prefix(b.tag),
        stopped.clone(),
    )?;
    let (sampler, sampling) = Sampler::start(b.cluster, stopped).await?;
    let bodies = mix.samples(REFERENCE_BODIES);
    let outcome = async {
        let mut rows = Vec::new();
        for &rate in b.args.w1.w1_rates.iter().filter(|&&r| r > 0) {
            rows.push(sustained(b, &mix, &prober, &sampler, rate).await?);
            rows.push(reference(b, &bodies, Load::Rate(rate)).await?);
        }
        if b.args.w1.w1_burst > 0 {
            rows.push(burst(b, &mix, &prober, &sampler, b.args.w1.w1_burst).await?);
            rows.push(reference(b, &bodies, Load::Burst(b.args.w1.w1_burst)).await?);
        }
        Ok::<_, BenchError>(rows)
    }
    .await;
    let _ = stop.send(true);
    let _ = poller.await;
    let _ = sampling.await;
    outcome
}

fn probe_every(probes_per_second: u32, rate: f64) -> u64 {
    if probes_per_second == 0 {
        0
    } else {
        (rate / f64::from(probes_per_second)).round().max(1.0) as u64
    }
}

async fn sustained(
    b: &Bench<'_>,
    mix: &Arc<Mix>,
    prober: &Arc<Prober>,
    sampler: &Sampler,
    rate: u32,
) -> Result<W1Row> {
    setup::empty_queue(b.client).await?;
    mix.set_probe_every(probe_every(b.args.w1.w1_probes, f64::from(rate)));
    let target = Arc::new(
        WebhookTarget::open(b.addr, b.args.run.connections, mix.clone(), prober.clone())
            .await
            .map_err(|e| BenchError::Http(format!("opening webhook connections: {e}")))?,
    );
    let mut cfg = OpenLoop {
        rate: f64::from(rate),
        warmup: Duration::ZERO,
        duration: b.args.run.warmup,
        max_in_flight: b.args.run.max_in_flight,
        timeout: TIMEOUT,
    };
    open_loop::run(target.clone(), &cfg, b.args.run.mix_seed ^ 1).await?;
    cfg.duration = b.args.run.duration;
    let what = format!(
        "POST /webhook/whatsapp, signed (65 % statuses, 30 % inbound text, 5 % resent), {} connections",
        b.args.run.connections
    );
    webhook_window(
        b,
        prober,
        sampler,
        target,
        &cfg,
        "W1a",
        what,
        Load::Rate(rate),
    )
    .await
}

async fn burst(
    b: &Bench<'_>,
    mix: &Arc<Mix>,
    prober: &Arc<Prober>,
    sampler: &Sampler,
    count: u32,
) -> Result<W1Row> {
    setup::empty_queue(b.client).await?;
    // Enough probes to see the burst's tail, few enough to stay on the first list page.
    mix.set_probe_every((u64::from(count) / (PAGE as u64 / 2)).max(1));
    let target = Arc::new(
        WebhookTarget::open(b.addr, b.args.run.connections, mix.clone(), prober.clone())
            .await
            .map_err(|e| BenchError::Http(format!("opening webhook connections: {e}")))?,
    );
    let cfg = burst_config(count, b.args.run.max_in_flight);
    let what = format!(
        "POST /webhook/whatsapp, {count} scheduled within {} ms, {} connections",
        BURST_WINDOW.as_millis(),
        b.args.run.connections
    );
    webhook_window(
        b,
        prober,
        sampler,
        target,
        &cfg,
        "W1b",
        what,
        Load::Burst(count),
    )
    .await
}

fn burst_config(count: u32, max_in_flight: usize) -> OpenLoop {
    OpenLoop {
        rate: f64::from(count) / BURST_WINDOW.as_secs_f64(),
        warmup: Duration::ZERO,
        duration: BURST_WINDOW,
        max_in_flight: max_in_flight.max(count as usize + 1),
        timeout: TIMEOUT * 3,
    }
}

/// The measured window of a webhook workload, then the drain of its queue.
#[expect(
    clippy::too_many_arguments,
    reason = "one call per workload kind, all named"
)]
async fn webhook_window(
    b: &Bench<'_>,
    prober: &Prober,
    sampler: &Sampler,
    target: Arc<WebhookTarget>,
    cfg: &OpenLoop,
    id: &'static str,
    what: String,
    load: Load,
) -> Result<W1Row> {
    statements::reset(b.client).await?;
    prober.start_window();
    let first = sampler.read().await?;
    let counters = Counters::read(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, cfg, b.args.run.mix_seed).await?;
    let after = b.probe.snapshot();
    let deltas = Counters::read(b.client).await?.since(&counters);
    let last = sampler.read().await?;
    // Read before the drain: the statements of the window only.
    let row_of_window = row(b, id, what, cfg, &r, load, &before, &after).await?;
    let drain = sampler
        .wait_empty(last.at, b.args.w1.w1_drain_timeout)
        .await?;
    let visibility = prober.finish_window(PROBE_PATIENCE).await;
    let mut backlog = sampler.between(first, last);
    backlog.drain_secs = drain;
    let row = W1Row {
        row: row_of_window,
        load,
        visibility: Some(visibility),
        backlog: Some(backlog),
        deltas,
        offered: r.outcomes.ok + r.outcomes.errors(),
    };
    log(&row);
    Ok(row)
}

/// R5 on the same schedule: a warm-up (sustained only), then the measured window.
async fn reference(b: &Bench<'_>, bodies: &[hyper::body::Bytes], load: Load) -> Result<W1Row> {
    setup::empty_queue(b.client).await?;
    let target = Arc::new(
        InsertTarget::open(
            b.cluster,
            setup::DATABASE,
            setup::TABLE,
            b.args.run.pool,
            bodies.to_vec(),
        )
        .await?,
    );
    let cfg = match load {
        Load::Rate(rate) => {
            let warmup = OpenLoop {
                rate: f64::from(rate),
                warmup: Duration::ZERO,
                duration: b.args.run.warmup.min(Duration::from_secs(5)),
                max_in_flight: b.args.run.max_in_flight,
                timeout: TIMEOUT,
            };
            open_loop::run(target.clone(), &warmup, b.args.run.mix_seed ^ 1).await?;
            OpenLoop {
                duration: b.args.run.duration,
                ..warmup
            }
        }
        Load::Burst(count) => burst_config(count, b.args.run.max_in_flight),
    };
    statements::reset(b.client).await?;
    let counters = Counters::read(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, &cfg, b.args.run.mix_seed).await?;
    let after = b.probe.snapshot();
    let deltas = Counters::read(b.client).await?.since(&counters);
    let what = format!(
        "SQL: one durable single-row INSERT of the same bodies per request ({} connections)",
        b.args.run.pool
    );
    let row = W1Row {
        row: row(b, "R5", what, &cfg, &r, load, &before, &after).await?,
        load,
        visibility: None,
        backlog: None,
        deltas,
        offered: r.outcomes.ok + r.outcomes.errors(),
    };
    log(&row);
    Ok(row)
}

#[expect(
    clippy::too_many_arguments,
    reason = "assembles one row from its parts"
)]
async fn row(
    b: &Bench<'_>,
    id: &'static str,
    what: String,
    cfg: &OpenLoop,
    r: &OpenLoopResult,
    load: Load,
    before: &crate::cpu::Snapshot,
    after: &crate::cpu::Snapshot,
) -> Result<Row> {
    let throughput = match load {
        Load::Rate(_) => r.achieved(),
        // Deliveries over the time until the last acknowledgement.
        Load::Burst(_) => {
            let span = (r.latency.max / 1000.0).max(cfg.duration.as_secs_f64());
            r.outcomes.ok as f64 / span
        }
    };
    Ok(Row::open_loop(
        id,
        what,
        cfg.rate,
        throughput,
        r,
        b.probe.used(before, after),
        statements::read(b.client).await?,
    ))
}

fn log(row: &W1Row) {
    let r = &row.row;
    tracing::info!(
        id = r.id,
        load = ?row.load,
        rps = format!("{:.0}", r.throughput),
        p50_ms = r.latency.p50,
        p99_ms = r.latency.p99,
        p999_ms = r.latency.p999,
        max_ms = r.latency.max,
        errors = r.errors,
        visible_p99_ms = row.visibility.as_ref().map(|v| v.delay.p99),
        backlog_end = row.backlog.map(|b| b.end),
        drain_secs = row.backlog.and_then(|b| b.drain_secs),
        commits = row.deltas.commits,
        wal_syncs = row.deltas.wal_syncs,
        others_load = format!("{:.2}", r.cpu.other_load()),
        "{}",
        r.what
    );
}
