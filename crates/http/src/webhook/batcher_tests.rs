//! The batcher over a mocked queue: how deliveries are grouped, and that no request is answered
//! 200 for a delivery that was not stored.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use inbox_domain::RepoError;
use inbox_domain::ports::{DeliveryId, MockWebhookQueue, WebhookQueue};

use super::{BatchSettings, EnqueueBatcher};

type Answer = Pin<Box<dyn Future<Output = Result<DeliveryId, RepoError>>>>;

fn body(n: usize) -> Vec<u8> {
    format!("{{\"n\":{n}}}").into_bytes()
}

/// The id a mocked store gives body `n`: `n + 1000`, so each answer can be traced to its body.
fn id_of(body: &[u8]) -> DeliveryId {
    let text = std::str::from_utf8(body).unwrap();
    let digits: String = text
        .trim_start_matches("{\"n\":")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    DeliveryId::new(digits.parse::<i64>().unwrap() + 1000)
}

/// The bodies of each batch a queue received, in order.
type Batches = Arc<Mutex<Vec<Vec<Vec<u8>>>>>;

/// A queue whose `enqueue_many` stores everything and records each batch's bodies.
fn recording_queue() -> (MockWebhookQueue, Batches) {
    let batches = Arc::new(Mutex::new(Vec::new()));
    let seen = batches.clone();
    let mut queue = MockWebhookQueue::new();
    queue.expect_enqueue_many().returning(move |bodies| {
        seen.lock().unwrap().push(bodies.to_vec());
        Ok(bodies.iter().map(|b| id_of(b)).collect())
    });
    (queue, batches)
}

/// Starts `count` enqueues and polls each once, so every delivery is waiting for the collector
/// before it runs (the test runtime has one thread and the collector has not been polled yet).
async fn submitted(batcher: &Arc<EnqueueBatcher>, count: usize) -> Vec<Answer> {
    let mut answers: Vec<Answer> = (0..count)
        .map(|n| {
            let batcher = batcher.clone();
            Box::pin(async move { batcher.enqueue(body(n)).await }) as Answer
        })
        .collect();
    for answer in &mut answers {
        let polled = std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await;
        assert!(polled.is_pending(), "an answer before the collector ran");
    }
    answers
}

fn settings(max_deliveries: usize, max_in_flight: usize) -> BatchSettings {
    BatchSettings {
        max_deliveries,
        max_in_flight,
        ..BatchSettings::default()
    }
}

#[tokio::test]
async fn deliveries_waiting_together_are_stored_by_one_insert_and_each_gets_its_own_id() {
    let (queue, batches) = recording_queue();
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(64, 1)));

    let answers = submitted(&batcher, 50).await;
    let ids = futures_join(answers).await;

    for (n, id) in ids.into_iter().enumerate() {
        assert_eq!(id.unwrap(), id_of(&body(n)), "delivery {n} gets its own id");
    }
    let batches = batches.lock().unwrap();
    assert_eq!(batches.len(), 1, "one insert for all fifty");
    assert_eq!(
        batches[0],
        (0..50).map(body).collect::<Vec<_>>(),
        "in arrival order"
    );
}

#[tokio::test]
async fn batches_stop_at_their_delivery_budget() {
    let (queue, batches) = recording_queue();
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(16, 8)));

    for id in futures_join(submitted(&batcher, 40).await).await {
        id.unwrap();
    }

    let sizes: Vec<usize> = batches.lock().unwrap().iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![16, 16, 8]);
}

#[tokio::test]
async fn batches_stop_at_their_byte_budget_and_a_larger_body_goes_alone() {
    let (queue, batches) = recording_queue();
    let budget = BatchSettings {
        max_bytes: 1000,
        ..settings(64, 8)
    };
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), budget));
    let sized = |n: usize, size: usize| {
        let mut b = body(n);
        b.resize(size, b' ');
        b
    };
    let bodies = vec![
        sized(0, 400),
        sized(1, 400),
        sized(2, 400),
        sized(3, 2000),
        sized(4, 400),
    ];
    let mut answers: Vec<Answer> = Vec::new();
    for b in bodies.clone() {
        let batcher = batcher.clone();
        let mut answer: Answer = Box::pin(async move { batcher.enqueue(b).await });
        let polled = std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await;
        assert!(polled.is_pending());
        answers.push(answer);
    }

    for (b, id) in bodies.iter().zip(futures_join(answers).await) {
        assert_eq!(id.unwrap(), id_of(b));
    }
    let sizes: Vec<usize> = batches.lock().unwrap().iter().map(Vec::len).collect();
    assert_eq!(
        sizes,
        vec![2, 1, 1, 1],
        "400 + 400, then 400 (2000 would pass 1000), 2000, 400"
    );
}

#[tokio::test]
async fn a_failed_batch_answers_every_request_in_it_unavailable() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_enqueue_many()
        .returning(|_| Err(RepoError::Unavailable("connection refused".into())));
    queue.expect_enqueue().never();
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(64, 1)));

    let answers = submitted(&batcher, 10).await;
    for (n, answer) in futures_join(answers).await.into_iter().enumerate() {
        assert!(
            matches!(answer, Err(RepoError::Unavailable(_))),
            "delivery {n}: 503, not acknowledged: {answer:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_number_of_ids_acknowledges_nobody() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_enqueue_many()
        .returning(|_| Ok(vec![DeliveryId::new(1)]));
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(64, 1)));

    let answers = submitted(&batcher, 3).await;
    for answer in futures_join(answers).await {
        assert!(
            matches!(answer, Err(RepoError::Unavailable(_))),
            "{answer:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_body_fails_alone_and_the_rest_of_its_batch_is_stored() {
    let mut queue = MockWebhookQueue::new();
    queue.expect_enqueue_many().returning(|_| {
        Err(RepoError::Invalid {
            entity: "delivery",
            reason: "violates webhook_deliveries_body_check".into(),
        })
    });
    queue.expect_enqueue().returning(|body| {
        if body == self::body(1) {
            Err(RepoError::Invalid {
                entity: "delivery",
                reason: "violates webhook_deliveries_body_check".into(),
            })
        } else {
            Ok(id_of(&body))
        }
    });
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(64, 1)));

    let answers = futures_join(submitted(&batcher, 3).await).await;

    assert_eq!(answers[0].as_ref().unwrap(), &id_of(&body(0)));
    assert!(matches!(answers[1], Err(RepoError::Invalid { .. })));
    assert_eq!(answers[2].as_ref().unwrap(), &id_of(&body(2)));
}

#[tokio::test]
async fn a_lone_delivery_is_stored_at_once_with_an_insert_of_its_own() {
    let (queue, batches) = recording_queue();
    let batcher = EnqueueBatcher::start(Arc::new(queue), BatchSettings::default());

    let id = batcher.enqueue(body(7)).await.unwrap();

    assert_eq!(id, id_of(&body(7)));
    assert_eq!(batches.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_senders_all_get_their_own_committed_id() {
    let (queue, batches) = recording_queue();
    let batcher = Arc::new(EnqueueBatcher::start(Arc::new(queue), settings(8, 2)));

    let tasks: Vec<_> = (0..500)
        .map(|n| {
            let batcher = batcher.clone();
            tokio::spawn(async move { (n, batcher.enqueue(body(n)).await) })
        })
        .collect();
    for task in tasks {
        let (n, id) = task.await.unwrap();
        assert_eq!(id.unwrap(), id_of(&body(n)), "delivery {n}");
    }

    let batches = batches.lock().unwrap();
    let stored: usize = batches.iter().map(Vec::len).sum();
    assert_eq!(stored, 500, "every delivery stored exactly once");
    assert!(
        batches.iter().all(|b| b.len() <= 8),
        "no batch over its budget"
    );
}

/// A batcher started on an event loop of another thread, which then ends (a restarted HTTP
/// worker: its thread's tasks, the collector among them, are dropped). `running` is whether it
/// still ran just before the end.
fn batcher_of_a_gone_thread(queue: Arc<dyn WebhookQueue>) -> (EnqueueBatcher, bool) {
    std::thread::spawn(move || {
        let event_loop = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let batcher =
            event_loop.block_on(async { EnqueueBatcher::start(queue, BatchSettings::default()) });
        let running = !batcher.is_stopped();
        drop(event_loop);
        (batcher, running)
    })
    .join()
    .unwrap()
}

#[test]
fn a_batcher_whose_event_loop_is_gone_says_it_has_stopped() {
    let (queue, _) = recording_queue();
    let (batcher, running) = batcher_of_a_gone_thread(Arc::new(queue));
    assert!(running);
    assert!(batcher.is_stopped());
}

#[tokio::test]
async fn storing_bypasses_a_stopped_batcher_and_starts_one_where_there_is_none() {
    use std::sync::OnceLock;

    use inbox_domain::ports::MockAccountRepo;

    use crate::webhook::{WebhookIngest, WebhookOptions};

    let ingest = WebhookIngest::new(
        Arc::new(MockAccountRepo::new()),
        WebhookOptions {
            batching: Some(BatchSettings::default()),
            ..WebhookOptions::default()
        },
    );
    let (mut queue, batches) = recording_queue();
    queue
        .expect_enqueue()
        .times(1)
        .returning(|body| Ok(id_of(&body)));
    let queue: Arc<dyn WebhookQueue> = Arc::new(queue);

    // A batcher left from an event loop that is gone: the delivery is stored on its own.
    let stale = OnceLock::new();
    let _ = stale.set(batcher_of_a_gone_thread(queue.clone()).0);
    let id = ingest.store(&queue, &stale, body(1)).await.unwrap();
    assert_eq!(id, id_of(&body(1)));
    assert!(
        batches.lock().unwrap().is_empty(),
        "nothing went through the stopped batcher"
    );

    // No batcher yet: one is started here, on this event loop, and the delivery goes through it.
    let fresh = OnceLock::new();
    let id = ingest.store(&queue, &fresh, body(2)).await.unwrap();
    assert_eq!(id, id_of(&body(2)));
    assert!(fresh.get().is_some_and(|batcher| !batcher.is_stopped()));
    assert_eq!(*batches.lock().unwrap(), vec![vec![body(2)]]);
}

/// Awaits every answer, in order.
async fn futures_join(answers: Vec<Answer>) -> Vec<Result<DeliveryId, RepoError>> {
    let mut out = Vec::with_capacity(answers.len());
    for answer in answers {
        out.push(answer.await);
    }
    out
}
