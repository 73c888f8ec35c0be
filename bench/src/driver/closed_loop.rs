//! Closed-loop driver: N connections, each sending its next request as soon as the previous
//! answer is in. It finds saturation throughput; its latencies are service times, not open-loop
//! latencies, and are reported as such.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use hyper::Uri;
use tokio::task::JoinHandle;

use super::Outcomes;
use crate::error::{BenchError, Result};
use crate::http::Conn;
use crate::rng::Rng;
use crate::stats::{self, Summary};

/// Parameters of one closed-loop workload.
#[derive(Debug, Clone)]
pub struct ClosedLoop {
    /// Connections, each with one request at a time.
    pub clients: usize,
    /// Run before measuring; results discarded.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// A request still unanswered after this is a failure.
    pub timeout: Duration,
}

/// What a closed-loop workload measured (requests completed inside the window).
#[derive(Debug, Clone)]
pub struct ClosedLoopResult {
    /// Measured window.
    pub window: Duration,
    /// Service time per request.
    pub latency: Summary,
    /// Outcome counts.
    pub outcomes: Outcomes,
}

impl ClosedLoopResult {
    /// Successful requests per second.
    pub fn throughput(&self) -> f64 {
        self.outcomes.ok as f64 / self.window.as_secs_f64()
    }
}

/// Runs the workload; each client picks `targets` uniformly at random.
pub async fn run(
    addr: SocketAddr,
    targets: Arc<Vec<Uri>>,
    cfg: &ClosedLoop,
    seed: u64,
) -> Result<ClosedLoopResult> {
    if targets.is_empty() || cfg.clients == 0 {
        return Err(BenchError::other("closed loop needs targets and clients"));
    }
    let mut conns = Vec::with_capacity(cfg.clients);
    for _ in 0..cfg.clients {
        conns.push(
            Conn::open(addr)
                .await
                .map_err(|e| BenchError::Http(format!("opening connections: {e}")))?,
        );
    }
    let start = Instant::now();
    let window = (start + cfg.warmup, start + cfg.warmup + cfg.duration);
    let mut tasks = Vec::with_capacity(cfg.clients);
    for (i, conn) in conns.into_iter().enumerate() {
        let client = Client {
            addr,
            conn,
            targets: targets.clone(),
            rng: Rng::derive(seed, 99, i as u64),
            histogram: stats::histogram()?,
            outcomes: Outcomes::default(),
            window,
            timeout: cfg.timeout,
        };
        tasks.push(tokio::spawn(client.run()));
    }
    gather(tasks, cfg.duration).await
}

/// Waits for every client task and merges what each measured over the `window`.
pub async fn gather(
    tasks: Vec<JoinHandle<(Histogram<u64>, Outcomes)>>,
    window: Duration,
) -> Result<ClosedLoopResult> {
    let mut histogram = stats::histogram()?;
    let mut outcomes = Outcomes::default();
    for task in tasks {
        let (h, o) = task
            .await
            .map_err(|e| BenchError::other(format!("closed-loop client failed: {e}")))?;
        histogram
            .add(&h)
            .map_err(|e| BenchError::other(format!("merging histograms: {e}")))?;
        outcomes.merge(&o);
    }
    Ok(ClosedLoopResult {
        window,
        latency: Summary::of(&histogram),
        outcomes,
    })
}

struct Client {
    addr: SocketAddr,
    conn: Conn,
    targets: Arc<Vec<Uri>>,
    rng: Rng,
    histogram: Histogram<u64>,
    outcomes: Outcomes,
    window: (Instant, Instant),
    timeout: Duration,
}

impl Client {
    async fn run(mut self) -> (Histogram<u64>, Outcomes) {
        loop {
            let sent = Instant::now();
            if sent >= self.window.1 {
                return (self.histogram, self.outcomes);
            }
            let uri = &self.targets[self.rng.below(self.targets.len() as u64) as usize];
            let result = match tokio::time::timeout(self.timeout, self.conn.get(uri)).await {
                Ok(Ok(reply)) => Ok(reply.status),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err(format!("no answer within {} ms", self.timeout.as_millis())),
            };
            let done = Instant::now();
            if done >= self.window.0 && done < self.window.1 {
                stats::record(&mut self.histogram, (done - sent).as_micros() as u64);
                self.outcomes.count(&result);
            }
            if result.is_err() || self.conn.is_closed() {
                match Conn::open(self.addr).await {
                    Ok(conn) => self.conn = conn,
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        }
    }
}
