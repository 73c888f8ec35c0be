//! The webhook queue's depth over time: deliveries stored but not yet applied, sampled on a
//! connection of its own. The two counts match the predicates of the queue's partial indexes
//! (ready: queued or retry; leased: running), so they read only the backlog, not the done rows.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use inbox_pgcluster::PgCluster;
use tokio::sync::watch;
use tokio_postgres::Client;

use crate::error::{BenchError, Result};
use crate::pg;

/// Time between two samples.
const EVERY: Duration = Duration::from_millis(500);

/// One reading of the queue.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// When it was read.
    pub at: Instant,
    /// Deliveries queued, waiting for a retry, or being applied.
    pub pending: i64,
    /// Highest delivery id (deliveries stored so far, as ids are not reused).
    pub stored: i64,
}

/// What the depth did over a window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Backlog {
    /// Depth at the start of the window.
    pub start: i64,
    /// Depth at its end.
    pub end: i64,
    /// Largest depth seen in it.
    pub max: i64,
    /// Least-squares slope of the depth, deliveries/s (positive: growing).
    pub slope: f64,
    /// Deliveries applied per second over the window (stored minus the depth's growth).
    pub applied_per_second: f64,
    /// From the end of the load until the queue was empty, seconds; `None` if it never was.
    pub drain_secs: Option<f64>,
}

/// Samples the queue until stopped.
pub struct Sampler {
    samples: Arc<Mutex<Vec<Sample>>>,
    client: Arc<Client>,
}

impl Sampler {
    /// Starts sampling on a new connection.
    pub async fn start(
        cluster: &PgCluster,
        stop: watch::Receiver<bool>,
    ) -> Result<(Self, tokio::task::JoinHandle<()>)> {
        let client = Arc::new(pg::connect(cluster, super::setup::DATABASE).await?);
        let samples = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(run(client.clone(), samples.clone(), stop));
        Ok((Self { samples, client }, task))
    }

    /// A reading now.
    pub async fn read(&self) -> Result<Sample> {
        read(&self.client).await
    }

    /// Waits up to `timeout` for an empty queue; returns how long it took from `since`.
    pub async fn wait_empty(&self, since: Instant, timeout: Duration) -> Result<Option<f64>> {
        let deadline = Instant::now() + timeout;
        loop {
            let sample = read(&self.client).await?;
            if sample.pending == 0 {
                return Ok(Some(sample.at.duration_since(since).as_secs_f64()));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The depth over `[from, to]`, from the samples and a reading at each end.
    pub fn between(&self, first: Sample, last: Sample) -> Backlog {
        let samples = self.samples.lock().unwrap_or_else(PoisonError::into_inner);
        let mut inside: Vec<Sample> = samples
            .iter()
            .filter(|s| s.at > first.at && s.at < last.at)
            .copied()
            .collect();
        inside.insert(0, first);
        inside.push(last);
        let window = last.at.duration_since(first.at).as_secs_f64().max(1e-9);
        let stored = (last.stored - first.stored) as f64;
        let growth = (last.pending - first.pending) as f64;
        Backlog {
            start: first.pending,
            end: last.pending,
            max: inside.iter().map(|s| s.pending).max().unwrap_or(0),
            slope: slope(&inside),
            applied_per_second: (stored - growth) / window,
            drain_secs: None,
        }
    }
}

async fn run(
    client: Arc<Client>,
    samples: Arc<Mutex<Vec<Sample>>>,
    mut stop: watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stop.changed() => return,
        }
        match read(&client).await {
            Ok(sample) => samples
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(sample),
            Err(e) => tracing::warn!(error = %e, "reading the queue depth failed"),
        }
    }
}

async fn read(client: &Client) -> Result<Sample> {
    let row = client
        .query_one(
            "SELECT (SELECT count(*) FROM webhook_deliveries WHERE state IN ('queued', 'retry')) \
                  + (SELECT count(*) FROM webhook_deliveries WHERE state = 'running'), \
                    (SELECT coalesce(max(id), 0) FROM webhook_deliveries)",
            &[],
        )
        .await
        .map_err(BenchError::db("reading the webhook queue depth"))?;
    Ok(Sample {
        at: Instant::now(),
        pending: row.get(0),
        stored: row.get(1),
    })
}

/// Least-squares slope of depth over time, per second.
fn slope(samples: &[Sample]) -> f64 {
    let Some(origin) = samples.first().map(|s| s.at) else {
        return 0.0;
    };
    let points: Vec<(f64, f64)> = samples
        .iter()
        .map(|s| (s.at.duration_since(origin).as_secs_f64(), s.pending as f64))
        .collect();
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if variance > 0.0 {
        covariance / variance
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_of_a_steadily_growing_queue_is_its_growth_rate() {
        let origin = Instant::now();
        let samples: Vec<Sample> = (0..10)
            .map(|i| Sample {
                at: origin + Duration::from_millis(200 * i),
                pending: 100 + 50 * i as i64,
                stored: 0,
            })
            .collect();
        assert!((slope(&samples) - 250.0).abs() < 1e-6);
        assert_eq!(slope(&samples[..1]), 0.0);
    }
}
