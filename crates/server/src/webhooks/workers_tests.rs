//! The claim loop over a mocked queue: when a worker claims, and how much each claim takes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbox_domain::ports::{ApplyOutcome, Claim, DeliveryId, MockEventBus, MockWebhookQueue};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, wamid};
use time::OffsetDateTime;
use tokio::sync::Notify;

use super::WebhookWorkers;
use crate::webhooks::{Backoff, WebhookPipeline, WorkerConfig};

/// Long enough that a test's own steps fit in it on a busy machine.
const LINGER: Duration = Duration::from_millis(400);

const CONFIG: WorkerConfig = WorkerConfig {
    workers: 1,
    batch_size: 8,
    apply_batch_size: 8,
    apply_linger: LINGER,
    lease: Duration::from_secs(30),
    max_attempts: 3,
    backoff: Backoff {
        base: Duration::from_secs(1),
        max: Duration::from_secs(600),
    },
    // Never during a test: every claim after the first comes from a wake-up.
    poll_interval: Duration::from_secs(3600),
    rescue_interval: Duration::from_secs(3600),
};

/// Deliveries stored and not yet claimed, and the size of every claim made.
#[derive(Default)]
struct Queue {
    waiting: Mutex<Vec<Claim>>,
    claims: Mutex<Vec<usize>>,
}

impl Queue {
    fn store(&self, n: i64) {
        let body = Delivery::new(PHONE_NUMBER_ID)
            .message(Msg::text("16505551234", &wamid(&format!("loop-{n}")), "hi"))
            .to_bytes();
        self.waiting.lock().unwrap().push(Claim {
            id: DeliveryId::new(n),
            attempt: 1,
            body,
            received_at: OffsetDateTime::now_utc(),
        });
    }

    fn claims(&self) -> Vec<usize> {
        self.claims.lock().unwrap().clone()
    }

    /// A mocked port over this queue: claims take from `waiting`, every apply succeeds.
    fn port(self: &Arc<Self>) -> MockWebhookQueue {
        let mut port = MockWebhookQueue::new();
        let queue = self.clone();
        port.expect_claim().returning(move |max, _lease| {
            let mut waiting = queue.waiting.lock().unwrap();
            let take = waiting.len().min(max as usize);
            queue.claims.lock().unwrap().push(take);
            Ok(waiting.drain(..take).collect())
        });
        let applied = || ApplyOutcome {
            applied: true,
            ..ApplyOutcome::default()
        };
        port.expect_apply().returning(move |_, _, _| Ok(applied()));
        port.expect_apply_many()
            .returning(move |items| Ok(items.iter().map(|_| Ok(applied())).collect()));
        port.expect_rescue_expired().returning(|_| Ok(0));
        port
    }
}

/// `workers` claim loops over `queue`, woken through the returned `Notify`.
fn start(queue: &Arc<Queue>, workers: usize) -> (WebhookWorkers, Arc<Notify>) {
    let pipeline = WebhookPipeline::new(
        Arc::new(queue.port()),
        Arc::new(MockEventBus::new()),
        WorkerConfig { workers, ..CONFIG },
    );
    let wakeup = Arc::new(Notify::new());
    (
        WebhookWorkers::start(Arc::new(pipeline), wakeup.clone()),
        wakeup,
    )
}

/// Waits (bounded) until `queue` has made `count` claims.
async fn until_claims(queue: &Queue, count: usize) -> Vec<usize> {
    for _ in 0..500 {
        if queue.claims().len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    queue.claims()
}

#[tokio::test]
async fn a_wake_up_is_followed_by_one_claim_for_everything_stored_within_the_linger() {
    let queue = Arc::new(Queue::default());
    let (workers, wakeup) = start(&queue, 1);
    // The first claim, at start, finds nothing; the worker then waits for a wake-up.
    assert_eq!(until_claims(&queue, 1).await, vec![0]);

    queue.store(1);
    wakeup.notify_one();
    // Stored during the linger: the same claim takes them (each store wakes, as the route does).
    queue.store(2);
    wakeup.notify_one();
    queue.store(3);
    wakeup.notify_one();
    assert_eq!(until_claims(&queue, 2).await, vec![0, 3]);

    // That claim was short of a full batch, so it took everything ready: the worker does not
    // claim again until the next wake-up (the stores above left one permit, used below).
    tokio::time::sleep(LINGER * 2).await;
    let claims = queue.claims();
    assert!(
        claims == vec![0, 3] || claims == vec![0, 3, 0],
        "at most the one claim the stored wake-up permit allows: {claims:?}"
    );
    tokio::time::sleep(LINGER * 2).await;
    assert_eq!(queue.claims(), claims, "no claim without a wake-up");
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn one_idle_worker_lingers_and_claims_for_all_the_wake_ups_meanwhile() {
    let queue = Arc::new(Queue::default());
    let (workers, wakeup) = start(&queue, 2);
    // Each worker's first claim, at start, finds nothing.
    assert_eq!(until_claims(&queue, 2).await, vec![0, 0]);

    // The first wake-up starts one worker's linger; the second wakes the other worker, which
    // leaves the work to the one lingering instead of claiming on its own.
    for n in 1..=3 {
        queue.store(n);
        wakeup.notify_one();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(until_claims(&queue, 3).await, vec![0, 0, 3]);
    tokio::time::sleep(LINGER * 2).await;
    assert_eq!(queue.claims(), vec![0, 0, 3], "one claim for the three");
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_full_claim_is_followed_by_another_at_once() {
    let queue = Arc::new(Queue::default());
    for n in 1..=11 {
        queue.store(n);
    }
    let (workers, _wakeup) = start(&queue, 1);
    // A backlog is drained without waiting for wake-ups (or the hour-long poll).
    assert_eq!(until_claims(&queue, 2).await, vec![8, 3]);
    workers.shutdown(Duration::from_secs(5)).await;
}
