//! The W4 workloads in order: the send request's latency at each of fake Meta's delays and each
//! rate (warm-up, measured window, then the outbox drained), R5 at each rate, then the sustained
//! gateway throughput: a bulk of queued messages carried to fake Meta at the tier.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use inbox_pgcluster::PgCluster;
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Latency};
use tokio_postgres::Client;
use uuid::Uuid;

use super::record::{Arrivals, Deliveries};
use super::send::{BODY, SendTarget};
use super::setup;
use crate::cli::W4Args;
use crate::cpu::{CpuUse, Probe};
use crate::driver::insert::InsertTarget;
use crate::driver::open_loop::{self, OpenLoop};
use crate::error::{BenchError, Result};
use crate::results::Row;
use crate::statements::{self, StatementStats};

/// A request unanswered after this is a failure.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The body of the bulk's messages.
const BULK_BODY: &str = "w4 throughput";

/// What the workloads share.
pub struct Bench<'a> {
    pub args: &'a W4Args,
    pub addr: SocketAddr,
    pub cluster: &'a PgCluster,
    pub client: &'a Client,
    pub probe: Probe,
    pub fake: &'a FakeMeta,
    pub conversations: &'a [Uuid],
}

/// One send-latency (W4) or R5 measurement.
#[derive(Debug, Clone)]
pub struct LatencyRow {
    /// Latency, throughput, errors, CPU, statements (`mode` holds the offered rate).
    pub row: Row,
    /// Fake Meta's delay during the window (`None`: R5, no Meta involved).
    pub delay_ms: Option<u64>,
    /// How long the send workers took to empty the outbox after the window.
    pub drain_secs: Option<f64>,
}

/// The sustained gateway throughput.
#[derive(Debug, Clone)]
pub struct Throughput {
    /// Messages queued.
    pub queued: u64,
    /// How long queueing them took (one transaction).
    pub enqueue_secs: f64,
    /// When the first send reached fake Meta, seconds after the queue was committed.
    pub first_send_secs: f64,
    /// Send calls fake Meta received.
    pub received: Arrivals,
    /// Sends fake Meta accepted (answered with a wamid).
    pub accepted: Arrivals,
    /// Calls fake Meta answered with anything but 200 (its cap answers `130429` with 400).
    pub refused: u64,
    /// Queued messages against accepted sends.
    pub deliveries: Deliveries,
    /// Send jobs by end state.
    pub states: BTreeMap<String, i64>,
    /// Send jobs whose last error was `130429`.
    pub throttled_jobs: i64,
    /// From the commit of the queue until no job was left, `None` after the drain timeout.
    pub drain_secs: Option<f64>,
    /// CPU over the whole phase.
    pub cpu: CpuUse,
    /// What PostgreSQL ran over the whole phase.
    pub statements: Vec<StatementStats>,
}

/// Everything W4 measured.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The latency windows and their references.
    pub latency: Vec<LatencyRow>,
    /// The throughput phase, when it ran.
    pub throughput: Option<Throughput>,
}

/// Runs every workload.
pub async fn measure(b: &Bench<'_>) -> Result<Measured> {
    let w = &b.args.w4;
    let mut latency = Vec::new();
    for &delay in &w.w4_delays_ms {
        b.fake.set_latency(latency_of(delay));
        for &rate in w.w4_rates.iter().filter(|&&r| r > 0) {
            latency.push(send_window(b, rate, delay).await?);
        }
    }
    for &rate in w.w4_rates.iter().filter(|&&r| r > 0) {
        latency.push(reference(b, rate).await?);
    }
    let throughput = if w.w4_count > 0 {
        Some(throughput(b).await?)
    } else {
        None
    };
    Ok(Measured {
        latency,
        throughput,
    })
}

fn latency_of(ms: u64) -> Latency {
    if ms == 0 {
        Latency::None
    } else {
        Latency::Fixed(Duration::from_millis(ms))
    }
}

fn schedule(b: &Bench<'_>, rate: u32, duration: Duration) -> OpenLoop {
    OpenLoop {
        rate: f64::from(rate),
        warmup: Duration::ZERO,
        duration,
        max_in_flight: b.args.run.max_in_flight,
        timeout: TIMEOUT,
    }
}

/// One send-latency window: warm-up, measured window, then the outbox's drain.
async fn send_window(b: &Bench<'_>, rate: u32, delay: u64) -> Result<LatencyRow> {
    setup::clear(b.client).await?;
    let target = Arc::new(
        SendTarget::open(b.addr, b.args.run.connections, b.conversations)
            .await
            .map_err(|e| BenchError::Http(format!("opening send connections: {e}")))?,
    );
    let warmup = schedule(b, rate, b.args.run.warmup);
    open_loop::run(target.clone(), &warmup, b.args.run.mix_seed ^ 1).await?;
    setup::wait_drained(b.client, b.args.w4.w4_drain_timeout).await?;
    let cfg = schedule(b, rate, b.args.run.duration);
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, &cfg, b.args.run.mix_seed).await?;
    let after = b.probe.snapshot();
    // Read before the drain: the statements of the window only.
    let statements = statements::read(b.client).await?;
    let drain = setup::wait_drained(b.client, b.args.w4.w4_drain_timeout).await?;
    let what = format!(
        "POST /conversations/{{id}}/messages (text, {} conversations), fake Meta answering in {delay} ms",
        b.conversations.len()
    );
    let row = LatencyRow {
        row: Row::open_loop(
            "W4",
            what,
            cfg.rate,
            r.achieved(),
            &r,
            b.probe.used(&before, &after),
            statements,
        ),
        delay_ms: Some(delay),
        drain_secs: drain.map(|d| d.as_secs_f64()),
    };
    log(&row);
    Ok(row)
}

/// R5 on the same schedule: a warm-up, then the measured window.
async fn reference(b: &Bench<'_>, rate: u32) -> Result<LatencyRow> {
    setup::clear(b.client).await?;
    let target = Arc::new(
        InsertTarget::open(
            b.cluster,
            setup::DATABASE,
            setup::TABLE,
            b.args.run.pool,
            vec![Bytes::from_static(BODY.as_bytes())],
        )
        .await?,
    );
    let warmup = schedule(b, rate, b.args.run.warmup.min(Duration::from_secs(5)));
    open_loop::run(target.clone(), &warmup, b.args.run.mix_seed ^ 1).await?;
    let cfg = schedule(b, rate, b.args.run.duration);
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let r = open_loop::run(target, &cfg, b.args.run.mix_seed).await?;
    let after = b.probe.snapshot();
    let what = format!(
        "SQL: one durable single-row INSERT of the send body per request ({} connections)",
        b.args.run.pool
    );
    let row = LatencyRow {
        row: Row::open_loop(
            "R5",
            what,
            cfg.rate,
            r.achieved(),
            &r,
            b.probe.used(&before, &after),
            statements::read(b.client).await?,
        ),
        delay_ms: None,
        drain_secs: None,
    };
    log(&row);
    Ok(row)
}

/// Queues the bulk at once, waits until the workers carried it to fake Meta, reads the record.
async fn throughput(b: &Bench<'_>) -> Result<Throughput> {
    let w = &b.args.w4;
    setup::clear(b.client).await?;
    b.fake.set_latency(latency_of(w.w4_latency_ms));
    b.fake.clear_calls();
    statements::reset(b.client).await?;
    let before = b.probe.snapshot();
    let origin = Instant::now();
    let queued = setup::queue_bulk(b.client, w.w4_count, BULK_BODY).await?;
    let committed = Instant::now();
    setup::analyze_outbox(b.client).await?;
    tracing::info!(
        queued = queued.len(),
        enqueue_ms = (committed - origin).as_millis() as u64,
        "W4 bulk queued; waiting for the send workers"
    );
    let drain = setup::wait_drained(b.client, w.w4_drain_timeout).await?;
    let after = b.probe.snapshot();
    let statements = statements::read(b.client).await?;
    // Let the last answers in (a job is done only after its answer, so this is a formality).
    tokio::time::sleep(Duration::from_millis(50)).await;
    let since = |t: Instant| t.saturating_duration_since(committed);
    let calls: Vec<_> = b
        .fake
        .calls_to(FakeRoute::SendMessage)
        .into_iter()
        .filter(|c| c.received_at >= origin)
        .collect();
    let refused = calls.iter().filter(|c| c.status != Some(200)).count() as u64;
    let received_times: Vec<Duration> = calls.iter().map(|c| since(c.received_at)).collect();
    let sent: Vec<_> = b
        .fake
        .sent_messages()
        .into_iter()
        .filter(|m| m.accepted_at >= origin)
        .collect();
    let accepted_times: Vec<Duration> = sent.iter().map(|m| since(m.accepted_at)).collect();
    let deliveries = Deliveries::of(&queued, sent.iter().map(|m| m.callback_data.as_deref()));
    let (states, throttled_jobs) = setup::job_states(b.client).await?;
    let received = Arrivals::of(&received_times);
    let result = Throughput {
        queued: queued.len() as u64,
        enqueue_secs: (committed - origin).as_secs_f64(),
        first_send_secs: received_times
            .iter()
            .min()
            .map_or(0.0, Duration::as_secs_f64),
        received,
        accepted: Arrivals::of(&accepted_times),
        refused,
        deliveries,
        states,
        throttled_jobs,
        drain_secs: drain.map(|d| d.as_secs_f64()),
        cpu: b.probe.used(&before, &after),
        statements,
    };
    tracing::info!(
        received = result.received.count,
        rate = format!("{:.0}", result.received.overall),
        ratio = format!("{:.3}", result.received.ratio(w.w4_tier)),
        refused = result.refused,
        repeated = result.deliveries.repeated,
        missing = result.deliveries.missing,
        "W4 sustained gateway throughput"
    );
    Ok(result)
}

fn log(row: &LatencyRow) {
    let r = &row.row;
    tracing::info!(
        id = r.id,
        delay_ms = row.delay_ms,
        rps = format!("{:.0}", r.throughput),
        p50_ms = r.latency.p50,
        p99_ms = r.latency.p99,
        p999_ms = r.latency.p999,
        errors = r.errors,
        drain_secs = row.drain_secs,
        others_load = format!("{:.2}", r.cpu.other_load()),
        "{}",
        r.what
    );
}
