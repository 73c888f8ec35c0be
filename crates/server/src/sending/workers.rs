//! The send worker tasks: claim loops woken in-process or by a slow poll, the housekeeping
//! (lease rescue, end of reconciliation windows), a clean stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
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

async fn claim_loop(
    index: usize,
    pipeline: Arc<SendPipeline>,
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let poll = pipeline.config().poll_interval;
    while !*stopped.borrow() {
        // A batch runs in a task of its own: a panic ends that batch, not the worker.
        let batch = tokio::spawn({
            let pipeline = pipeline.clone();
            async move { pipeline.run_batch().await }
        });
        let idle = match batch.await {
            Ok(Ok(claimed)) => claimed == 0,
            Ok(Err(error)) => {
                tracing::warn!(worker = index, error.cause_chain = %cause_chain(&error), "claiming send jobs failed");
                true
            }
            Err(_panicked) => {
                tracing::error!(
                    worker = index,
                    "a send batch panicked; its jobs will be rescued after their lease"
                );
                true
            }
        };
        if idle {
            tokio::select! {
                () = wakeup.notified() => {}
                () = tokio::time::sleep(poll) => {}
                _ = stopped.changed() => {}
            }
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
