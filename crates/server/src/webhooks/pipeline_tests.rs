//! Unit tests of the pipeline over mocked ports: what each outcome asks of the queue.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{
    ApplyOutcome, Claim, DeliveryId, FailAction, MockEventBus, MockWebhookQueue,
};
use inbox_domain::{AccountId, ContactId, RepoError};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, wamid};
use time::OffsetDateTime;

use super::{MAX_REASON, Outcome, WebhookPipeline, bounded};
use crate::webhooks::{Backoff, WorkerConfig};

const CONFIG: WorkerConfig = WorkerConfig {
    workers: 1,
    batch_size: 8,
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

fn claim(attempt: i32, body: &[u8]) -> Claim {
    Claim {
        id: DeliveryId::new(7),
        attempt,
        body: body.to_vec(),
        received_at: OffsetDateTime::now_utc(),
    }
}

fn text_delivery() -> Vec<u8> {
    Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text("16505551234", &wamid("unit-1"), "hi"))
        .to_bytes()
}

fn event() -> InboxEvent {
    InboxEvent::ContactUpdated {
        account_id: AccountId::generate(),
        contact_id: ContactId::generate(),
    }
}

/// A queue whose `fail` records the action it was given.
fn recording_fail(
    queue: &mut MockWebhookQueue,
    answer: Result<bool, ()>,
) -> Arc<Mutex<Vec<FailAction>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    queue
        .expect_fail()
        .returning(move |id, attempt, _error, action| {
            assert_eq!((id, attempt), (DeliveryId::new(7), attempt));
            record.lock().unwrap().push(action);
            answer.map_err(|()| RepoError::Unavailable("down".into()))
        });
    seen
}

fn pipeline(queue: MockWebhookQueue, events: MockEventBus) -> WebhookPipeline {
    WebhookPipeline::new(Arc::new(queue), Arc::new(events), CONFIG)
}

#[tokio::test]
async fn invalid_json_is_parked_with_the_parse_error_and_never_applied() {
    let mut queue = MockWebhookQueue::new();
    queue.expect_apply().never();
    let actions = recording_fail(&mut queue, Ok(true));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(1, b"{not json"))
        .await;

    assert_eq!(outcome, Outcome::Parked);
    let actions = actions.lock().unwrap();
    let [FailAction::Park(reason)] = actions.as_slice() else {
        panic!("expected one park, got {actions:?}");
    };
    assert!(
        reason.starts_with("invalid payload: body is not valid JSON"),
        "{reason}"
    );
}

#[tokio::test]
async fn an_applied_delivery_publishes_its_events_and_is_not_failed() {
    let published = vec![event(), event()];
    let mut queue = MockWebhookQueue::new();
    let answer = published.clone();
    queue
        .expect_apply()
        .times(1)
        .returning(move |_, attempt, batch| {
            assert_eq!(attempt, 1);
            assert_eq!(batch.messages().count(), 1);
            Ok(ApplyOutcome {
                applied: true,
                events: answer.clone(),
                ..ApplyOutcome::default()
            })
        });
    queue.expect_fail().never();
    let mut events = MockEventBus::new();
    events
        .expect_publish()
        .withf(move |events| *events == published)
        .times(1)
        .returning(|_| ());

    let outcome = pipeline(queue, events)
        .process(claim(1, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Applied);
}

#[tokio::test]
async fn unreadable_parts_park_the_delivery_after_the_rest_is_applied() {
    let body = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text("16505551234", &wamid("unit-ok"), "fine"))
        .message(Msg::text("16505551234", &wamid("unit-bad"), "no id").without("id"))
        .to_bytes();
    let mut queue = MockWebhookQueue::new();
    queue.expect_apply().times(1).returning(|_, _, batch| {
        assert_eq!(
            batch.messages().count(),
            1,
            "the readable message is applied"
        );
        Ok(ApplyOutcome {
            applied: true,
            ..ApplyOutcome::default()
        })
    });
    let actions = recording_fail(&mut queue, Ok(true));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(1, &body))
        .await;

    assert_eq!(outcome, Outcome::Parked);
    let actions = actions.lock().unwrap();
    let [FailAction::Park(reason)] = actions.as_slice() else {
        panic!("expected one park, got {actions:?}");
    };
    assert_eq!(
        reason,
        "unreadable parts: entry[0].changes[0].value.messages[1]: `id` is missing"
    );
}

#[tokio::test]
async fn a_lost_lease_changes_nothing_and_publishes_nothing() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_apply()
        .returning(|_, _, _| Ok(ApplyOutcome::default()));
    queue.expect_fail().never();
    let mut events = MockEventBus::new();
    events.expect_publish().never();

    let outcome = pipeline(queue, events)
        .process(claim(2, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Fenced);
}

#[tokio::test]
async fn a_storage_failure_is_retried_after_a_jittered_backoff() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_apply()
        .returning(|_, _, _| Err(RepoError::Unavailable("connection reset".into())));
    let actions = recording_fail(&mut queue, Ok(true));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(2, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Retried);
    let actions = actions.lock().unwrap();
    let [FailAction::RetryAfter(delay)] = actions.as_slice() else {
        panic!("expected one retry, got {actions:?}");
    };
    assert!(
        *delay >= Duration::from_secs(1) && *delay <= Duration::from_secs(2),
        "{delay:?}"
    );
}

#[tokio::test]
async fn the_last_attempt_parks_instead_of_retrying() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_apply()
        .returning(|_, _, _| Err(RepoError::Unavailable("connection reset".into())));
    let actions = recording_fail(&mut queue, Ok(true));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(CONFIG.max_attempts, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Parked);
    assert_eq!(
        actions.lock().unwrap().as_slice(),
        [FailAction::Park(
            "gave up after 3 attempts: storage unavailable".into()
        )]
    );
}

#[tokio::test]
async fn a_value_the_schema_refuses_is_parked_at_once() {
    let mut queue = MockWebhookQueue::new();
    queue.expect_apply().returning(|_, _, _| {
        Err(RepoError::Invalid {
            entity: "message",
            reason: "body too long".into(),
        })
    });
    let actions = recording_fail(&mut queue, Ok(true));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(1, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Parked);
    assert_eq!(
        actions.lock().unwrap().as_slice(),
        [FailAction::Park(
            "cannot be applied: invalid message: body too long".into()
        )]
    );
}

#[tokio::test]
async fn a_failure_that_cannot_be_recorded_is_left_to_the_rescue() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_apply()
        .returning(|_, _, _| Err(RepoError::Unavailable("down".into())));
    let _actions = recording_fail(&mut queue, Err(()));

    let outcome = pipeline(queue, MockEventBus::new())
        .process(claim(1, &text_delivery()))
        .await;

    assert_eq!(outcome, Outcome::Lost);
}

#[tokio::test]
async fn a_batch_claims_with_the_configured_size_and_lease() {
    let mut queue = MockWebhookQueue::new();
    queue
        .expect_claim()
        .withf(|max, lease| *max == 8 && *lease == Duration::from_secs(30))
        .times(1)
        .returning(|_, _| Ok(vec![claim(1, b"[]")]));
    let _actions = recording_fail(&mut queue, Ok(true));

    let claimed = pipeline(queue, MockEventBus::new())
        .run_batch()
        .await
        .unwrap();

    assert_eq!(claimed, 1);
}

#[test]
fn reasons_are_bounded_on_a_character_boundary() {
    let long = "é".repeat(2000);
    let cut = bounded(long);
    assert_eq!(cut.chars().count(), MAX_REASON);
    assert!(cut.ends_with('…'));
    assert_eq!(bounded("short".into()), "short");
}
