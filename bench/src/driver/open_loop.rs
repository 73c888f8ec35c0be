//! Open-loop driver: requests start at t0 + i/rate whatever the server does, and latency counts
//! from that intended time, so a stall shows as latency (no coordinated omission).
//!
//! A dedicated thread keeps the schedule with 1 µs timer slack (tokio's timer has 1 ms
//! granularity, which would add up to a millisecond to every figure) and spawns each request
//! onto the runtime. Requests wait for one of a fixed set of connections (HTTP or PostgreSQL,
//! see [`Target`]); beyond a cap of requests in flight a new one is not started and counts as an
//! overflow error.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::Outcomes;
use crate::error::{BenchError, Result};
use crate::rng::Rng;
use crate::stats::{self, Summary};

/// Parameters of one open-loop workload.
#[derive(Debug, Clone)]
pub struct OpenLoop {
    /// Requests per second.
    pub rate: f64,
    /// Run before measuring; results discarded.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Requests in flight (waiting or sent) beyond which a new one is an overflow error.
    pub max_in_flight: usize,
    /// A request still unanswered after this is a failure.
    pub timeout: Duration,
}

/// What an open-loop workload measured (requests intended inside the measured window).
#[derive(Debug, Clone)]
pub struct OpenLoopResult {
    /// Measured window.
    pub window: Duration,
    /// From the intended send time to the end of the answer: the headline.
    pub latency: Summary,
    /// From the write of the request to the end of the answer.
    pub service: Summary,
    /// From the intended send time to the start of the request task: the driver's own delay.
    pub lag: Summary,
    /// Outcome counts.
    pub outcomes: Outcomes,
}

impl OpenLoopResult {
    /// Successful requests per second.
    pub fn achieved(&self) -> f64 {
        self.outcomes.ok as f64 / self.window.as_secs_f64()
    }
}

struct Recorder {
    latency: Histogram<u64>,
    service: Histogram<u64>,
    lag: Histogram<u64>,
    outcomes: Outcomes,
}

struct Shared {
    recorder: Mutex<Recorder>,
    in_flight: AtomicUsize,
    overflow: AtomicU64,
}

/// What the driver sends requests to: a mix of `len()` requests over a fixed set of connections.
pub trait Target: Send + Sync + 'static {
    /// How many requests the mix holds (they are picked uniformly; the mix is already weighted).
    fn len(&self) -> usize;
    /// Sends request `index` once a connection is free; the status (200 when a query succeeded)
    /// and when it was actually sent.
    fn call(&self, index: usize) -> impl Future<Output = Result<(u16, Instant), String>> + Send;
}

/// Runs the workload against `target`.
pub async fn run<T: Target>(target: Arc<T>, cfg: &OpenLoop, seed: u64) -> Result<OpenLoopResult> {
    if target.len() == 0 || cfg.rate <= 0.0 {
        return Err(BenchError::other(
            "open loop needs targets and a positive rate",
        ));
    }
    let shared = Arc::new(Shared {
        recorder: Mutex::new(Recorder {
            latency: stats::histogram()?,
            service: stats::histogram()?,
            lag: stats::histogram()?,
            outcomes: Outcomes::default(),
        }),
        in_flight: AtomicUsize::new(0),
        overflow: AtomicU64::new(0),
    });
    let start = Instant::now() + Duration::from_millis(20);
    let measure_from = start + cfg.warmup;
    let schedule = Schedule {
        handle: tokio::runtime::Handle::current(),
        shared: shared.clone(),
        target,
        cfg: cfg.clone(),
        seed,
        start,
        measure_from,
    };
    let thread = std::thread::Builder::new()
        .name("open-loop-scheduler".into())
        .spawn(move || schedule.run())
        .map_err(BenchError::io("starting the scheduler thread"))?;
    tokio::task::spawn_blocking(move || thread.join())
        .await
        .map_err(|e| BenchError::other(format!("scheduler join task failed: {e}")))?
        .map_err(|_| BenchError::other("the scheduler thread panicked"))?;
    let deadline = Instant::now() + cfg.timeout + Duration::from_secs(1);
    while shared.in_flight.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let left = shared.in_flight.load(Ordering::Acquire) as u64;
    let recorder = shared
        .recorder
        .lock()
        .map_err(|_| BenchError::other("open-loop recorder poisoned"))?;
    let mut outcomes = recorder.outcomes.clone();
    outcomes.overflow = shared.overflow.load(Ordering::Acquire);
    outcomes.failed += left;
    Ok(OpenLoopResult {
        window: cfg.duration,
        latency: Summary::of(&recorder.latency),
        service: Summary::of(&recorder.service),
        lag: Summary::of(&recorder.lag),
        outcomes,
    })
}

struct Schedule<T> {
    handle: tokio::runtime::Handle,
    shared: Arc<Shared>,
    target: Arc<T>,
    cfg: OpenLoop,
    seed: u64,
    start: Instant,
    measure_from: Instant,
}

impl<T: Target> Schedule<T> {
    fn run(self) {
        if let Err(e) = nix::sys::prctl::set_timerslack(1_000) {
            tracing::warn!(error = %e, "could not lower the timer slack; send times may lag");
        }
        let mut rng = Rng::new(self.seed);
        let total = ((self.cfg.warmup + self.cfg.duration).as_secs_f64() * self.cfg.rate) as u64;
        for i in 0..total {
            let intended = self.start + Duration::from_secs_f64(i as f64 / self.cfg.rate);
            let now = Instant::now();
            if intended > now {
                std::thread::sleep(intended - now);
            }
            let measured = intended >= self.measure_from;
            let index = rng.below(self.target.len() as u64) as usize;
            if self.shared.in_flight.fetch_add(1, Ordering::AcqRel) >= self.cfg.max_in_flight {
                self.shared.in_flight.fetch_sub(1, Ordering::AcqRel);
                if measured {
                    self.shared.overflow.fetch_add(1, Ordering::AcqRel);
                }
                continue;
            }
            self.handle.spawn(request(
                self.shared.clone(),
                self.target.clone(),
                index,
                intended,
                measured,
                self.cfg.timeout,
            ));
        }
    }
}

async fn request<T: Target>(
    shared: Arc<Shared>,
    target: Arc<T>,
    index: usize,
    intended: Instant,
    measured: bool,
    timeout: Duration,
) {
    let started = Instant::now();
    let result = match tokio::time::timeout(timeout, target.call(index)).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {} ms", timeout.as_millis())),
    };
    let done = Instant::now();
    if measured && let Ok(mut r) = shared.recorder.lock() {
        let micros = |d: Duration| d.as_micros() as u64;
        stats::record(&mut r.latency, micros(done - intended));
        stats::record(
            &mut r.lag,
            micros(started.saturating_duration_since(intended)),
        );
        if let Ok((_, sent)) = &result {
            stats::record(&mut r.service, micros(done - *sent));
        }
        r.outcomes.count(&result.map(|(status, _)| status));
    }
    shared.in_flight.fetch_sub(1, Ordering::AcqRel);
}
