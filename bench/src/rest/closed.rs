//! Closed loop over any driver [`Target`]: `clients` tasks, each making its next call as soon
//! as the previous one returned. The HTTP closed loop (`driver::closed_loop`) holds one
//! connection per client; here the target owns its connections (a pool or an HTTP client), as
//! the app does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use crate::driver::Outcomes;
use crate::driver::closed_loop::{self, ClosedLoop, ClosedLoopResult};
use crate::driver::open_loop::Target;
use crate::error::{BenchError, Result};
use crate::rng::Rng;
use crate::stats;

/// Runs `cfg` against `target`; each client picks the mix uniformly at random.
pub async fn run<T: Target>(
    target: Arc<T>,
    cfg: &ClosedLoop,
    seed: u64,
) -> Result<ClosedLoopResult> {
    if target.len() == 0 || cfg.clients == 0 {
        return Err(BenchError::other("closed loop needs targets and clients"));
    }
    let start = Instant::now();
    let window = (start + cfg.warmup, start + cfg.warmup + cfg.duration);
    let mut tasks = Vec::with_capacity(cfg.clients);
    for i in 0..cfg.clients {
        let histogram = stats::histogram()?;
        let rng = Rng::derive(seed, 98, i as u64);
        tasks.push(tokio::spawn(client(
            target.clone(),
            rng,
            histogram,
            window,
            cfg.timeout,
        )));
    }
    closed_loop::gather(tasks, cfg.duration).await
}

async fn client<T: Target>(
    target: Arc<T>,
    mut rng: Rng,
    mut histogram: Histogram<u64>,
    window: (Instant, Instant),
    timeout: Duration,
) -> (Histogram<u64>, Outcomes) {
    let mut outcomes = Outcomes::default();
    loop {
        let sent = Instant::now();
        if sent >= window.1 {
            return (histogram, outcomes);
        }
        let index = rng.below(target.len() as u64) as usize;
        let result = match tokio::time::timeout(timeout, target.call(index)).await {
            Ok(result) => result.map(|(status, _)| status),
            Err(_) => Err(format!("no answer within {} ms", timeout.as_millis())),
        };
        let done = Instant::now();
        if done >= window.0 && done < window.1 {
            stats::record(&mut histogram, (done - sent).as_micros() as u64);
            outcomes.count(&result);
        }
    }
}
