//! The pipeline over mocked ports: dispatch notes and ends of attempts go in groups, Meta is
//! called only after a committed note, and a failed group of ends is written one by one.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{SendReceipt, SenderCredentials};
use inbox_domain::outbox::{AttemptEnd, Finished, SendAction, SendJob, SendJobId};
use inbox_domain::ports::{MockAccountRepo, MockEventBus, MockOutbox, MockWhatsAppGateway};
use inbox_domain::{
    AccountId, ConversationId, MessageId, MessageStatus, PhoneNumberId, RepoError, WaId, Wamid,
};
use secrecy::SecretString;

use crate::sending::group::GroupPolicy;
use crate::sending::{SendPipeline, SendingSettings};

const JOBS: i64 = 3;
/// A group delay no test waits out.
const NEVER: Duration = Duration::from_secs(3600);

fn job(id: i64) -> SendJob {
    SendJob {
        id: SendJobId::new(id),
        attempt: 1,
        account_id: AccountId::generate(),
        conversation_id: ConversationId::generate(),
        message_id: MessageId::generate(),
        action: SendAction::Message,
        request: Some(inbox_testkit::contract::outbox::world::text("hi")),
        to: Some(WaId::parse("16505551234").unwrap()),
        reply_to_wamid: None,
        wamid: None,
    }
}

fn from() -> SenderCredentials {
    SenderCredentials::new(
        PhoneNumberId::parse("1234567890").unwrap(),
        SecretString::from("token"),
    )
}

fn status_event() -> InboxEvent {
    InboxEvent::MessageStatusChanged {
        account_id: AccountId::generate(),
        conversation_id: ConversationId::generate(),
        message_id: MessageId::generate(),
        status: MessageStatus::Sent,
    }
}

/// A gateway accepting every send, counting them.
fn accepting() -> (MockWhatsAppGateway, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let mut gateway = MockWhatsAppGateway::new();
    gateway.expect_send().returning(move |_, _| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        Ok(SendReceipt {
            wamid: Wamid::parse(&format!("wamid.grouped{n}")).unwrap(),
            recipient: None,
            message_status: None,
        })
    });
    (gateway, calls)
}

/// Events published, one entry per `publish` call (its number of events).
fn counting_events() -> (MockEventBus, Arc<Mutex<Vec<usize>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let mut events = MockEventBus::new();
    events
        .expect_publish()
        .returning(move |published| seen.lock().unwrap().push(published.len()));
    (events, calls)
}

/// Groups only as large as the test's jobs, written after `delay` when not full ([`NEVER`]:
/// only full groups are written, so each group holds exactly the test's jobs).
fn pipeline(
    outbox: MockOutbox,
    gateway: MockWhatsAppGateway,
    events: MockEventBus,
    delay: Duration,
) -> Arc<SendPipeline> {
    let mut config = SendingSettings {
        rate_per_second: 1000,
        ..SendingSettings::default()
    }
    .send_config()
    .unwrap();
    config.groups = GroupPolicy {
        max: usize::try_from(JOBS).unwrap(),
        delay,
    };
    Arc::new(SendPipeline::new(
        Arc::new(outbox),
        Arc::new(MockAccountRepo::new()),
        Arc::new(gateway),
        Arc::new(events),
        config,
    ))
}

/// Runs jobs 1..=JOBS at once, as a worker does.
async fn run_all(pipeline: &Arc<SendPipeline>) {
    let runs = (1..=JOBS).map(|id| {
        let pipeline = pipeline.clone();
        tokio::spawn(async move { pipeline.run_job(job(id), Some(from())).await })
    });
    for run in runs.collect::<Vec<_>>() {
        run.await.unwrap();
    }
}

#[tokio::test]
async fn notes_and_ends_of_concurrent_jobs_are_written_in_one_call_each() {
    let mut outbox = MockOutbox::new();
    outbox
        .expect_dispatching_many()
        .times(1)
        .returning(|attempts| Ok(vec![true; attempts.len()]));
    outbox.expect_finish_many().times(1).returning(|outcomes| {
        assert_eq!(outcomes.len(), 3, "the three ends in one group");
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o.end, AttemptEnd::Sent(_))),
            "each sent with its wamid"
        );
        Ok(outcomes
            .iter()
            .map(|_| Finished {
                applied: true,
                events: vec![status_event()],
            })
            .collect())
    });
    let (gateway, sends) = accepting();
    let (events, published) = counting_events();
    run_all(&pipeline(outbox, gateway, events, NEVER)).await;
    assert_eq!(sends.load(Ordering::SeqCst), 3, "each job called Meta once");
    assert_eq!(
        *published.lock().unwrap(),
        vec![3],
        "the group's events in one publish, after its commit"
    );
}

#[tokio::test]
async fn meta_is_never_called_when_the_dispatch_notes_cannot_be_written() {
    let mut outbox = MockOutbox::new();
    outbox
        .expect_dispatching_many()
        .times(1)
        .returning(|_| Err(RepoError::Unavailable("database down".into())));
    outbox.expect_dispatching().never();
    outbox.expect_finish_many().never();
    let mut gateway = MockWhatsAppGateway::new();
    gateway.expect_send().never();
    let (events, published) = counting_events();
    run_all(&pipeline(outbox, gateway, events, NEVER)).await;
    assert!(published.lock().unwrap().is_empty(), "nothing happened");
}

#[tokio::test]
async fn only_the_attempts_that_hold_their_lease_call_meta() {
    let mut outbox = MockOutbox::new();
    outbox
        .expect_dispatching_many()
        .returning(|attempts| Ok(attempts.iter().map(|(id, _)| id.get() != 2).collect()));
    outbox.expect_finish_many().returning(|outcomes| {
        assert!(
            outcomes.iter().all(|o| o.id.get() != 2),
            "the fenced job has no end to record"
        );
        Ok(vec![Finished::default(); outcomes.len()])
    });
    let (gateway, sends) = accepting();
    let (events, _) = counting_events();
    // Two ends never fill a group of three: a short delay writes them.
    run_all(&pipeline(outbox, gateway, events, Duration::from_millis(1))).await;
    assert_eq!(
        sends.load(Ordering::SeqCst),
        2,
        "the fenced job was not sent"
    );
}

#[tokio::test]
async fn a_failed_group_of_ends_is_written_one_by_one() {
    let mut outbox = MockOutbox::new();
    outbox
        .expect_dispatching_many()
        .times(1)
        .returning(|attempts| Ok(vec![true; attempts.len()]));
    outbox
        .expect_finish_many()
        .times(1)
        .returning(|_| Err(RepoError::Unavailable("connection reset".into())));
    outbox.expect_sent().times(3).returning(|_, _, _| {
        Ok(Finished {
            applied: true,
            events: vec![status_event()],
        })
    });
    let (gateway, sends) = accepting();
    let (events, published) = counting_events();
    run_all(&pipeline(outbox, gateway, events, NEVER)).await;
    assert_eq!(sends.load(Ordering::SeqCst), 3);
    assert_eq!(
        *published.lock().unwrap(),
        vec![1, 1, 1],
        "each single end publishes its own events"
    );
}
