//! The worker tasks: claim loops woken in-process or by a slow poll, a lease rescue, a clean stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::error::cause_chain;
use crate::webhooks::pipeline::WebhookPipeline;
use crate::worker_set::{IdleWorkers, WorkerSet};

/// Running webhook workers of this process; stop them with [`WebhookWorkers::shutdown`].
pub struct WebhookWorkers {
    set: WorkerSet,
}

impl WebhookWorkers {
    /// Starts `pipeline.config().workers` claim loops and, when there is at least one, the
    /// lease rescue. `wakeup` is notified when a delivery is stored in this process.
    pub fn start(pipeline: Arc<WebhookPipeline>, wakeup: Arc<Notify>) -> Self {
        let mut set = WorkerSet::new("webhook", "deliveries");
        let config = *pipeline.config();
        let idle = IdleWorkers::new(wakeup.clone(), config.poll_interval, config.apply_linger);
        for index in 0..config.workers {
            let (pipeline, idle) = (pipeline.clone(), idle.clone());
            set.spawn(|stopped| claim_loop(index, pipeline, idle, stopped));
        }
        if config.workers > 0 {
            set.spawn_rescue(
                config.rescue_interval,
                wakeup,
                "rescuing expired webhook leases failed",
                move || {
                    let pipeline = pipeline.clone();
                    async move { pipeline.rescue().await }
                },
            );
        }
        tracing::info!(
            workers = config.workers,
            batch_size = config.batch_size,
            lease_secs = config.lease.as_secs(),
            "webhook workers started"
        );
        Self { set }
    }

    /// Stops claiming, lets each worker finish the deliveries it holds, and waits up to `grace`.
    /// Workers still busy then are dropped: their leases expire and another worker (here after
    /// a restart, or in another instance) takes the deliveries over.
    pub async fn shutdown(self, grace: Duration) {
        self.set.shutdown(grace).await;
    }
}

async fn claim_loop(
    index: usize,
    pipeline: Arc<WebhookPipeline>,
    idle: IdleWorkers,
    mut stopped: watch::Receiver<bool>,
) {
    let config = *pipeline.config();
    let full = usize::try_from(config.batch_size).unwrap_or(usize::MAX);
    while !*stopped.borrow() {
        // Each batch runs in a task of its own: a panic there ends that batch, not the worker;
        // its deliveries come back through the rescue when their leases expire.
        let batch = tokio::spawn({
            let pipeline = pipeline.clone();
            async move { pipeline.run_batch().await }
        });
        // A claim short of a full batch took everything ready: claiming again at once would
        // mostly find nothing, at the price of a query. Deliveries stored meanwhile left a
        // wake-up permit, so the wait below returns at once for them.
        let drained = match batch.await {
            Ok(Ok(claimed)) => claimed < full,
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
        if drained {
            idle.until_claim(&mut stopped).await;
        }
    }
}

#[cfg(test)]
#[path = "workers_tests.rs"]
mod tests;
