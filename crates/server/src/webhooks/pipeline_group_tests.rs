//! Group apply over mocked ports: how a claimed batch is cut into groups, and what happens when
//! a group or one of its deliveries fails.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{
    ApplyOutcome, Claim, DeliveryId, FailAction, MockEventBus, MockWebhookQueue,
};
use inbox_domain::{AccountId, ContactId};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, wamid};
use time::OffsetDateTime;

use super::super::WebhookPipeline;
use crate::webhooks::{Backoff, WorkerConfig};

const CONFIG: WorkerConfig = WorkerConfig {
    workers: 1,
    batch_size: 64,
    apply_batch_size: 4,
    apply_linger: Duration::ZERO,
    lease: Duration::from_secs(30),
    max_attempts: 3,
    backoff: Backoff {
        base: Duration::from_secs(1),
        max: Duration::from_secs(600),
    },
    poll_interval: Duration::from_secs(1),
    rescue_interval: Duration::from_secs(5),
};

/// Claims 1..=n, each a readable text delivery (odd ones `unreadable` when asked).
fn claims(n: i64, unreadable: &[i64]) -> Vec<Claim> {
    (1..=n)
        .map(|id| Claim {
            id: DeliveryId::new(id),
            attempt: 1,
            body: if unreadable.contains(&id) {
                b"{not json".to_vec()
            } else {
                Delivery::new(PHONE_NUMBER_ID)
                    .message(Msg::text(
                        "16505551234",
                        &wamid(&format!("group-{id}")),
                        "hi",
                    ))
                    .to_bytes()
            },
            received_at: OffsetDateTime::now_utc(),
        })
        .collect()
}

fn applied() -> ApplyOutcome {
    ApplyOutcome {
        applied: true,
        events: vec![InboxEvent::ContactUpdated {
            account_id: AccountId::generate(),
            contact_id: ContactId::generate(),
        }],
        ..ApplyOutcome::default()
    }
}

/// A queue that hands out `claims` once, then nothing.
fn claiming(claims: Vec<Claim>) -> MockWebhookQueue {
    let mut queue = MockWebhookQueue::new();
    let mut once = Some(claims);
    queue
        .expect_claim()
        .returning(move |_, _| Ok(once.take().unwrap_or_default()));
    queue
}

/// An event bus that counts published deliveries.
fn counting_events() -> (MockEventBus, Arc<Mutex<usize>>) {
    let count = Arc::new(Mutex::new(0));
    let seen = count.clone();
    let mut events = MockEventBus::new();
    events.expect_publish().returning(move |_| {
        *seen.lock().unwrap() += 1;
    });
    (events, count)
}

fn pipeline(queue: MockWebhookQueue, events: MockEventBus) -> WebhookPipeline {
    WebhookPipeline::new(Arc::new(queue), Arc::new(events), CONFIG)
}

#[tokio::test]
async fn a_claimed_batch_is_applied_in_groups_of_the_configured_size() {
    let mut queue = claiming(claims(10, &[]));
    let groups = Arc::new(Mutex::new(Vec::new()));
    let seen = groups.clone();
    queue.expect_apply_many().returning(move |items| {
        seen.lock()
            .unwrap()
            .push(items.iter().map(|i| i.id.get()).collect::<Vec<_>>());
        Ok(items.iter().map(|_| Ok(applied())).collect())
    });
    queue.expect_apply().never();
    queue.expect_fail().never();
    let (events, published) = counting_events();

    let claimed = pipeline(queue, events).run_batch().await.unwrap();

    assert_eq!(claimed, 10);
    assert_eq!(
        *groups.lock().unwrap(),
        vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8], vec![9, 10]],
        "groups of four in claim order, one call each"
    );
    assert_eq!(
        *published.lock().unwrap(),
        10,
        "each delivery's events published"
    );
}

#[tokio::test]
async fn a_group_that_fails_as_a_whole_is_applied_one_delivery_at_a_time() {
    let mut queue = claiming(claims(3, &[]));
    queue
        .expect_apply_many()
        .times(1)
        .returning(|_| Err(RepoError::Unavailable("deadlock detected".into())));
    let alone = Arc::new(Mutex::new(Vec::new()));
    let seen = alone.clone();
    queue.expect_apply().returning(move |id, _, _| {
        seen.lock().unwrap().push(id.get());
        Ok(applied())
    });
    queue.expect_fail().never();
    let (events, published) = counting_events();

    pipeline(queue, events).run_batch().await.unwrap();

    assert_eq!(*alone.lock().unwrap(), vec![1, 2, 3]);
    assert_eq!(*published.lock().unwrap(), 3);
}

#[tokio::test]
async fn one_failed_delivery_is_retried_alone_and_the_rest_of_its_group_finishes() {
    let mut queue = claiming(claims(3, &[]));
    queue.expect_apply_many().times(1).returning(|items| {
        Ok(items
            .iter()
            .map(|item| {
                if item.id.get() == 2 {
                    Err(RepoError::Unavailable("connection reset".into()))
                } else {
                    Ok(applied())
                }
            })
            .collect())
    });
    queue
        .expect_apply()
        .times(1)
        .withf(|id, _, _| id.get() == 2)
        .returning(|_, _, _| Err(RepoError::Unavailable("still down".into())));
    let failed = Arc::new(Mutex::new(Vec::new()));
    let seen = failed.clone();
    queue.expect_fail().returning(move |id, _, _, action| {
        seen.lock().unwrap().push((id.get(), action));
        Ok(true)
    });
    let (events, published) = counting_events();

    pipeline(queue, events).run_batch().await.unwrap();

    let failed = failed.lock().unwrap();
    assert!(
        matches!(failed.as_slice(), [(2, FailAction::RetryAfter(_))]),
        "only delivery 2 goes back to the queue: {failed:?}"
    );
    assert_eq!(*published.lock().unwrap(), 2);
}

#[tokio::test]
async fn unreadable_deliveries_are_parked_and_left_out_of_the_group() {
    let mut queue = claiming(claims(4, &[2]));
    let groups = Arc::new(Mutex::new(Vec::new()));
    let seen = groups.clone();
    queue.expect_apply_many().returning(move |items| {
        seen.lock()
            .unwrap()
            .push(items.iter().map(|i| i.id.get()).collect::<Vec<_>>());
        Ok(items.iter().map(|_| Ok(applied())).collect())
    });
    queue
        .expect_fail()
        .times(1)
        .withf(|id, _, _, action| id.get() == 2 && matches!(action, FailAction::Park(_)))
        .returning(|_, _, _, _| Ok(true));
    let (events, _published) = counting_events();

    pipeline(queue, events).run_batch().await.unwrap();

    assert_eq!(*groups.lock().unwrap(), vec![vec![1, 3, 4]]);
}

#[tokio::test]
async fn a_lone_readable_delivery_is_applied_on_its_own() {
    let mut queue = claiming(claims(1, &[]));
    queue.expect_apply_many().never();
    queue
        .expect_apply()
        .times(1)
        .returning(|_, _, _| Ok(applied()));
    let (events, _published) = counting_events();

    pipeline(queue, events).run_batch().await.unwrap();
}

#[tokio::test]
async fn a_group_applies_its_deliveries_in_the_order_of_the_rows_they_lock() {
    use inbox_testkit::webhook::Status;
    let status = |id: i64, seed: &str| Claim {
        id: DeliveryId::new(id),
        attempt: 1,
        body: Delivery::new(PHONE_NUMBER_ID)
            .status(Status::read(&wamid(seed), "16505551234"))
            .to_bytes(),
        received_at: OffsetDateTime::now_utc(),
    };
    let mut message = claims(3, &[]).pop().unwrap();
    message.id = DeliveryId::new(3);
    let mut queue = claiming(vec![status(1, "zz"), status(2, "aa"), message]);
    let groups = Arc::new(Mutex::new(Vec::new()));
    let seen = groups.clone();
    queue.expect_apply_many().returning(move |items| {
        seen.lock()
            .unwrap()
            .push(items.iter().map(|i| i.id.get()).collect::<Vec<_>>());
        Ok(items.iter().map(|_| Ok(applied())).collect())
    });
    let (events, _published) = counting_events();

    pipeline(queue, events).run_batch().await.unwrap();

    assert_eq!(
        *groups.lock().unwrap(),
        vec![vec![3, 2, 1]],
        "the customer's message first, then the statuses by wamid"
    );
}
