//! The worker tasks: claim loops woken in-process or by a slow poll, a lease rescue, a clean stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::error::cause_chain;
use crate::webhooks::pipeline::WebhookPipeline;

/// Running webhook workers of this process; stop them with [`WebhookWorkers::shutdown`].
pub struct WebhookWorkers {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl WebhookWorkers {
    /// Starts `pipeline.config().workers` claim loops and, when there is at least one, the
    /// lease rescue. `wakeup` is notified when a delivery is stored in this process.
    pub fn start(pipeline: Arc<WebhookPipeline>, wakeup: Arc<Notify>) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let config = *pipeline.config();
        for index in 0..config.workers {
            tasks.spawn(claim_loop(
                index,
                pipeline.clone(),
                wakeup.clone(),
                stopped.clone(),
            ));
        }
        if config.workers > 0 {
            tasks.spawn(rescue_loop(pipeline, wakeup, stopped));
        }
        tracing::info!(
            workers = config.workers,
            batch_size = config.batch_size,
            lease_secs = config.lease.as_secs(),
            "webhook workers started"
        );
        Self { stop, tasks }
    }

    /// Stops claiming, lets each worker finish the deliveries it holds, and waits up to `grace`.
    /// Workers still busy then are dropped: their leases expire and another worker (here after
    /// a restart, or in another instance) takes the deliveries over.
    pub async fn shutdown(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let finished = tokio::time::timeout(grace, async {
            while let Some(joined) = self.tasks.join_next().await {
                if let Err(error) = joined {
                    tracing::error!(error = %error, "a webhook worker task failed");
                }
            }
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "webhook workers still busy at the end of the grace period; their deliveries will be rescued after the lease"
            );
            self.tasks.abort_all();
        } else {
            tracing::info!("webhook workers stopped");
        }
    }
}

async fn claim_loop(
    index: usize,
    pipeline: Arc<WebhookPipeline>,
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    let poll = pipeline.config().poll_interval;
    while !*stopped.borrow() {
        // Each batch runs in a task of its own: a panic there ends that batch, not the worker;
        // its deliveries come back through the rescue when their leases expire.
        let batch = tokio::spawn({
            let pipeline = pipeline.clone();
            async move { pipeline.run_batch().await }
        });
        let idle = match batch.await {
            Ok(Ok(claimed)) => claimed == 0,
            Ok(Err(error)) => {
                tracing::warn!(worker = index, error.cause_chain = %cause_chain(&error), "claiming webhook deliveries failed");
                true
            }
            Err(_panicked) => {
                // The panic message is not logged: it could quote what was being processed.
                tracing::error!(
                    worker = index,
                    "a webhook batch panicked; its deliveries will be rescued after their lease"
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

async fn rescue_loop(
    pipeline: Arc<WebhookPipeline>,
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
        match pipeline.rescue().await {
            Ok(0) => {}
            Ok(_) => wakeup.notify_waiters(),
            Err(error) => {
                tracing::warn!(error.cause_chain = %cause_chain(&error), "rescuing expired webhook leases failed");
            }
        }
    }
}
