//! The send worker tasks: claim loops that keep up to `in_flight` jobs going and are woken
//! in-process or by a slow poll, the housekeeping (lease rescue, end of reconciliation
//! windows), a clean stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::{JoinError, JoinSet};

use crate::error::cause_chain;
use crate::sending::pipeline::SendPipeline;
use crate::worker_set::{IdleWorkers, WorkerSet};

/// Running send workers of this process; stop them with [`SendWorkers::shutdown`].
pub struct SendWorkers {
    set: WorkerSet,
}

impl SendWorkers {
    /// Starts `pipeline.config().workers` claim loops and, when there is at least one, the
    /// housekeeping. `wakeup` is notified when a job is queued in this process.
    pub fn start(pipeline: Arc<SendPipeline>, wakeup: Arc<Notify>) -> Self {
        let mut set = WorkerSet::new("send", "jobs");
        let workers = pipeline.config().workers;
        let idle = IdleWorkers::new(
            wakeup.clone(),
            pipeline.config().poll_interval,
            pipeline.config().claim_linger,
        );
        for index in 0..workers {
            let (pipeline, idle) = (pipeline.clone(), idle.clone());
            set.spawn(|stopped| claim_loop(index, pipeline, idle, stopped));
        }
        if workers > 0 {
            let housekept = pipeline.clone();
            set.spawn_rescue(
                pipeline.config().rescue_interval,
                wakeup,
                "send housekeeping failed",
                move || {
                    let pipeline = housekept.clone();
                    async move { pipeline.housekeeping().await }
                },
            );
        }
        tracing::info!(
            workers,
            batch_size = pipeline.config().batch_size,
            in_flight = pipeline.config().in_flight,
            rate_per_second = pipeline.config().rate_per_second,
            "send workers started"
        );
        Self { set }
    }

    /// Stops claiming, lets each worker finish the jobs it holds, and waits up to `grace`;
    /// jobs still held then come back through the rescue after their lease.
    pub async fn shutdown(self, grace: Duration) {
        self.set.shutdown(grace).await;
    }
}

/// Slots that must be free before a busy worker claims again: a quarter of a batch (at least
/// one), so a full pipe refills in a few claims instead of one claim per finished job.
fn refill(config: &crate::sending::SendConfig) -> u32 {
    let batch = usize::try_from(config.batch_size).unwrap_or(usize::MAX);
    let most = batch.min(config.in_flight).max(1);
    u32::try_from((most / 4).max(1)).unwrap_or(1)
}

/// One worker: holds up to `in_flight` jobs, each in a task of its own, and claims more as
/// slots free, so the next claim does not wait for the slowest answer of the last batch.
async fn claim_loop(
    index: usize,
    pipeline: Arc<SendPipeline>,
    idle: IdleWorkers,
    mut stopped: watch::Receiver<bool>,
) {
    let config = pipeline.config().clone();
    let slots = Arc::new(Semaphore::new(config.in_flight));
    let refill = refill(&config);
    let mut running: JoinSet<()> = JoinSet::new();
    while !*stopped.borrow() {
        while let Some(done) = running.try_join_next() {
            log_panic(index, done);
        }
        let mut permits = tokio::select! {
            permits = slots.clone().acquire_many_owned(refill) => match permits {
                Ok(permits) => permits,
                Err(_closed) => break,
            },
            _ = stopped.changed() => continue,
        };
        let free = u32::try_from(slots.available_permits()).unwrap_or(u32::MAX);
        let more = free.min(config.batch_size.saturating_sub(refill));
        if more > 0
            && let Ok(extra) = slots.clone().try_acquire_many_owned(more)
        {
            permits.merge(extra);
        }
        let wanted = u32::try_from(permits.num_permits()).unwrap_or(u32::MAX);
        let claimed = match pipeline.claim(wanted).await {
            Ok(jobs) => jobs,
            Err(error) => {
                tracing::warn!(worker = index, error.cause_chain = %cause_chain(&error), "claiming send jobs failed");
                Vec::new()
            }
        };
        let full = claimed.len() == usize::try_from(wanted).unwrap_or(usize::MAX);
        for (job, from) in claimed {
            let Some(slot) = permits.split(1) else {
                break;
            };
            let pipeline = pipeline.clone();
            running.spawn(async move {
                pipeline.run_job(job, from).await;
                drop(slot);
            });
        }
        drop(permits);
        if !full {
            // The queue is drained (or unreachable): wait for a new job, a retry coming due,
            // or the stop.
            idle.until_claim(&mut stopped).await;
        }
    }
    // Stopping: the jobs held finish (the shutdown's grace bounds the wait).
    while let Some(done) = running.join_next().await {
        log_panic(index, done);
    }
}

/// Logs a job task that panicked (not the panic's message: it could quote what was sent).
fn log_panic(worker: usize, done: Result<(), JoinError>) {
    if done.is_err_and(|e| e.is_panic()) {
        tracing::error!(
            worker,
            "a send job panicked; it will be rescued after its lease"
        );
    }
}
