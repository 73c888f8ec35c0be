//! The send worker tasks: claim loops that keep up to `in_flight` jobs going and are woken
//! in-process or by a slow poll, the housekeeping (lease rescue, end of reconciliation
//! windows), a clean stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::JoinSet;

use crate::error::cause_chain;
use crate::sending::pipeline::SendPipeline;

/// Running send workers of this process; stop them with [`SendWorkers::shutdown`].
pub struct SendWorkers {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl SendWorkers {
    /// Starts `pipeline.config().workers` claim loops and, when there is at least one, the
    /// housekeeping. `wakeup` is notified when a job is queued in this process.
    pub fn start(pipeline: Arc<SendPipeline>, wakeup: Arc<Notify>) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let workers = pipeline.config().workers;
        for index in 0..workers {
            tasks.spawn(claim_loop(
                index,
                pipeline.clone(),
                wakeup.clone(),
                stopped.clone(),
            ));
        }
        if workers > 0 {
            tasks.spawn(housekeeping_loop(pipeline.clone(), wakeup, stopped));
        }
        tracing::info!(
            workers,
            batch_size = pipeline.config().batch_size,
            in_flight = pipeline.config().in_flight,
            rate_per_second = pipeline.config().rate_per_second,
            "send workers started"
        );
        Self { stop, tasks }
    }

    /// Stops claiming, lets each worker finish the jobs it holds, and waits up to `grace`;
    /// jobs still held then come back through the rescue after their lease.
    pub async fn shutdown(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let finished = tokio::time::timeout(grace, async {
            while let Some(joined) = self.tasks.join_next().await {
                if let Err(error) = joined {
                    tracing::error!(error = %error, "a send worker task failed");
                }
            }
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "send workers still busy at the end of the grace period; their jobs will be rescued after the lease"
            );
            self.tasks.abort_all();
        } else {
            tracing::info!("send workers stopped");
        }
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
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let config = pipeline.config().clone();
    let slots = Arc::new(Semaphore::new(config.in_flight));
    let refill = refill(&config);
    let mut running: JoinSet<()> = JoinSet::new();
    while !*stopped.borrow() {
        while let Some(done) = running.try_join_next() {
            if done.is_err_and(|e| e.is_panic()) {
                tracing::error!(
                    worker = index,
                    "a send job panicked; it will be rescued after its lease"
                );
            }
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
            tokio::select! {
                () = wakeup.notified() => {}
                () = tokio::time::sleep(config.poll_interval) => {}
                _ = stopped.changed() => {}
            }
        }
    }
    // Stopping: the jobs held finish (the shutdown's grace bounds the wait).
    while let Some(done) = running.join_next().await {
        if done.is_err_and(|e| e.is_panic()) {
            tracing::error!(
                worker = index,
                "a send job panicked; it will be rescued after its lease"
            );
        }
    }
}

async fn housekeeping_loop(
    pipeline: Arc<SendPipeline>,
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(pipeline.config().rescue_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stopped.changed() => return,
        }
        match pipeline.housekeeping().await {
            Ok(0) => {}
            Ok(_) => wakeup.notify_waiters(),
            Err(error) => {
                tracing::warn!(error.cause_chain = %cause_chain(&error), "send housekeeping failed");
            }
        }
    }
}
