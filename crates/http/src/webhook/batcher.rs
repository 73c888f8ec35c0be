//! Group commit on the acknowledgement path: deliveries that arrive while the store is busy are
//! stored together by one `enqueue_many` (one transaction, one WAL flush), and each request is
//! answered only once its own row is committed.
//!
//! One collector task takes the waiting deliveries and hands them, as one batch, to an insert
//! task as soon as one of `max_in_flight` insert slots is free. Nothing waits on purpose when a
//! slot is free (`linger` is zero by default): a lone delivery is stored at once, and batches
//! grow by themselves exactly when the store is the bottleneck. Several inserts run at once, so
//! commits are never serialised through one connection.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::ports::{DeliveryId, WebhookQueue};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};

/// Counter of batch inserts, by outcome (`stored`, `failed`).
pub const ENQUEUE_BATCHES: &str = "webhook_enqueue_batches_total";
/// Histogram of deliveries per batch insert.
pub const ENQUEUE_BATCH_SIZE: &str = "webhook_enqueue_batch_size";

/// Deliveries waiting for the collector before senders wait in turn (backpressure).
const CHANNEL: usize = 4096;

/// How deliveries are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSettings {
    /// Most deliveries in one insert.
    pub max_deliveries: usize,
    /// Most body bytes in one insert; a delivery larger than this is stored alone.
    pub max_bytes: usize,
    /// Inserts running at once; deliveries arriving while all are busy form the next batch.
    pub max_in_flight: usize,
    /// How long a batch waits for more deliveries once a slot is free (zero: not at all).
    pub linger: Duration,
}

impl Default for BatchSettings {
    fn default() -> Self {
        Self {
            max_deliveries: 64,
            max_bytes: 8 * 1024 * 1024,
            max_in_flight: 2,
            linger: Duration::ZERO,
        }
    }
}

/// One request's delivery and where its answer goes.
struct Job {
    body: Vec<u8>,
    reply: oneshot::Sender<Result<DeliveryId, RepoError>>,
}

/// The sending side; the collector stops once every clone of it is dropped.
pub struct EnqueueBatcher {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for EnqueueBatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnqueueBatcher").finish_non_exhaustive()
    }
}

impl EnqueueBatcher {
    /// Starts the collector on the current Tokio runtime, storing into `queue`.
    ///
    /// # Panics
    /// Outside a Tokio runtime (like `tokio::spawn`).
    pub fn start(queue: Arc<dyn WebhookQueue>, settings: BatchSettings) -> Self {
        let (jobs, receiver) = mpsc::channel(CHANNEL);
        tokio::spawn(collect(queue, sanitize(settings), receiver));
        Self { jobs }
    }

    /// Whether its collector has ended (the event loop it ran on is gone): nothing sent to it
    /// would be stored.
    pub fn is_stopped(&self) -> bool {
        self.jobs.is_closed()
    }

    /// Stores `body` with whatever deliveries are waiting with it; returns once it is committed.
    ///
    /// # Errors
    /// `Unavailable` when its batch could not be stored (every delivery of that batch gets it:
    /// none of them was committed) or the batcher has stopped; `Invalid` when the body itself
    /// is refused.
    pub async fn enqueue(&self, body: Vec<u8>) -> Result<DeliveryId, RepoError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { body, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> RepoError {
    RepoError::Unavailable("the webhook enqueue batcher has stopped".into())
}

fn sanitize(settings: BatchSettings) -> BatchSettings {
    BatchSettings {
        max_deliveries: settings.max_deliveries.max(1),
        max_in_flight: settings.max_in_flight.max(1),
        ..settings
    }
}

/// Forms batches and hands each to an insert task once a slot is free.
async fn collect(
    queue: Arc<dyn WebhookQueue>,
    settings: BatchSettings,
    mut jobs: mpsc::Receiver<Job>,
) {
    let slots = Arc::new(Semaphore::new(settings.max_in_flight));
    let mut carried: Option<Job> = None;
    loop {
        let first = match carried.take() {
            Some(job) => job,
            None => match jobs.recv().await {
                Some(job) => job,
                None => return,
            },
        };
        // Deliveries that arrive while every slot is busy wait in the channel: the next batch.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let mut batch = Batch::new(first);
        if !settings.linger.is_zero() {
            let deadline = tokio::time::Instant::now() + settings.linger;
            while !batch.full(&settings) {
                match tokio::time::timeout_at(deadline, jobs.recv()).await {
                    Ok(Some(job)) => {
                        if let Some(job) = batch.add(job, &settings) {
                            carried = Some(job);
                            break;
                        }
                    }
                    Ok(None) | Err(_) => break,
                }
            }
        }
        while carried.is_none() && !batch.full(&settings) {
            match jobs.try_recv() {
                Ok(job) => carried = batch.add(job, &settings),
                Err(_) => break,
            }
        }
        tokio::spawn(store(queue.clone(), batch.jobs, slot));
    }
}

/// The deliveries of one insert.
struct Batch {
    jobs: Vec<Job>,
    bytes: usize,
}

impl Batch {
    fn new(first: Job) -> Self {
        Self {
            bytes: first.body.len(),
            jobs: vec![first],
        }
    }

    fn full(&self, settings: &BatchSettings) -> bool {
        self.jobs.len() >= settings.max_deliveries || self.bytes >= settings.max_bytes
    }

    /// Adds `job`, or gives it back when it would take the batch over its byte budget.
    fn add(&mut self, job: Job, settings: &BatchSettings) -> Option<Job> {
        if self.bytes + job.body.len() > settings.max_bytes {
            return Some(job);
        }
        self.bytes += job.body.len();
        self.jobs.push(job);
        None
    }
}

/// Stores one batch and answers each of its requests; the slot is freed when it ends.
async fn store(queue: Arc<dyn WebhookQueue>, jobs: Vec<Job>, slot: OwnedSemaphorePermit) {
    let (bodies, replies): (Vec<Vec<u8>>, Vec<_>) =
        jobs.into_iter().map(|job| (job.body, job.reply)).unzip();
    metrics::histogram!(ENQUEUE_BATCH_SIZE).record(bodies.len() as f64);
    let result = queue.enqueue_many(&bodies).await;
    drop(slot);
    match result {
        Ok(ids) if ids.len() == replies.len() => {
            metrics::counter!(ENQUEUE_BATCHES, "outcome" => "stored").increment(1);
            for (reply, id) in replies.into_iter().zip(ids) {
                // A request that went away meanwhile: its delivery is stored, Meta retries it
                // (unacknowledged) and applying it twice is harmless.
                let _ = reply.send(Ok(id));
            }
        }
        Ok(ids) => {
            metrics::counter!(ENQUEUE_BATCHES, "outcome" => "failed").increment(1);
            tracing::error!(
                deliveries = replies.len(),
                ids = ids.len(),
                "the webhook queue returned a wrong number of ids for a batch; answering 503"
            );
            fail_all(replies, "the batch insert returned a wrong number of ids");
        }
        Err(RepoError::Invalid { .. }) if bodies.len() > 1 => {
            // One refused body must not fail the others: store each alone.
            metrics::counter!(ENQUEUE_BATCHES, "outcome" => "split").increment(1);
            for (body, reply) in bodies.into_iter().zip(replies) {
                let _ = reply.send(queue.enqueue(body).await);
            }
        }
        Err(RepoError::Invalid { entity, reason }) => {
            for reply in replies {
                let _ = reply.send(Err(RepoError::Invalid {
                    entity,
                    reason: reason.clone(),
                }));
            }
        }
        Err(error) => {
            metrics::counter!(ENQUEUE_BATCHES, "outcome" => "failed").increment(1);
            tracing::warn!(
                deliveries = replies.len(),
                error = %error,
                "storing a batch of webhook deliveries failed; each is answered 503 and Meta retries"
            );
            fail_all(replies, "storing the batch of deliveries failed");
        }
    }
}

/// Answers every request of a batch that was not stored with `Unavailable` (503: Meta retries).
fn fail_all(replies: Vec<oneshot::Sender<Result<DeliveryId, RepoError>>>, why: &'static str) {
    for reply in replies {
        let _ = reply.send(Err(RepoError::Unavailable(why.into())));
    }
}

#[cfg(test)]
#[path = "batcher_tests.rs"]
mod tests;
