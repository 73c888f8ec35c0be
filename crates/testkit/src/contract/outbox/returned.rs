//! The message `Outbox::record` and `Outbox::retry_message` return, read in the same step.

use inbox_domain::MessageStatus;
use inbox_domain::outbox::{IdempotencyKey, JobError};
use inbox_domain::{Direction, MessageKind};

use super::world::{OutboxWorld, claim_one, recorded, send, stored_message, text};
use crate::contract::fixtures::{Must, conversation, wamid};
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    record_returns_the_message_pending_with_the_requests_content,
    record_repeat_returns_the_first_message_as_it_is_now,
    retry_message_returns_the_message_pending_again,
];

/// "Returns the message read in the same step: as just stored (`pending`, with the request's
/// content) for a new send".
async fn record_returns_the_message_pending_with_the_requests_content(
    case: &'static str,
    w: OutboxWorld,
) {
    let (thread, recorded) = recorded(case, &w).await;
    let message = &recorded.message;
    assert_eq!(message.id, recorded.message_id, "{case}: the recorded id");
    assert_eq!(message.account_id, thread.account_id, "{case}: account");
    assert_eq!(message.conversation_id, thread.id, "{case}: conversation");
    assert_eq!(message.direction, Direction::Outbound, "{case}: direction");
    assert_eq!(message.status, MessageStatus::Pending, "{case}: pending");
    assert_eq!(message.kind, MessageKind::Text, "{case}: kind");
    assert_eq!(
        message.body.as_deref(),
        Some("Your order shipped"),
        "{case}: the request's body"
    );
    assert!(message.wamid.is_none(), "{case}: no wamid yet");
    let read = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(*message, read, "{case}: the message as reads show it");
}

/// "the first message as it is now (possibly sent since) for a repeat".
async fn record_repeat_returns_the_first_message_as_it_is_now(case: &'static str, w: OutboxWorld) {
    let thread = conversation(&w.storage).await;
    let key = IdempotencyKey::parse("key-returned").must(case, "key");
    let mut first = send(&thread, text("Hello"));
    first.idempotency_key = Some(key.clone());
    let stored = w.outbox.record(&first).await.must(case, "first record");
    let job = claim_one(case, &w, &stored).await;
    let given = wamid();
    w.outbox
        .sent(job.id, job.attempt, &given)
        .await
        .must(case, "sent");
    let mut again = send(&thread, text("Hello"));
    again.idempotency_key = Some(key);
    let repeat = w.outbox.record(&again).await.must(case, "repeat");
    assert_eq!(
        repeat.message.id, stored.message_id,
        "{case}: the first message"
    );
    assert_eq!(
        repeat.message.status,
        MessageStatus::Sent,
        "{case}: as it is now"
    );
    assert_eq!(repeat.message.wamid, Some(given), "{case}: with its wamid");
    assert_eq!(
        repeat.message.body.as_deref(),
        Some("Hello"),
        "{case}: the first request's body"
    );
}

/// "Returns the message as it is now, `pending` again, read in the same step."
async fn retry_message_returns_the_message_pending_again(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    let refusal = JobError {
        class: "permanent".to_owned(),
        code: Some(131_026),
        title: "Message undeliverable".to_owned(),
        details: None,
    };
    w.outbox
        .failed(job.id, job.attempt, &refusal)
        .await
        .must(case, "failed");
    let retried = w
        .outbox
        .retry_message(recorded.message_id)
        .await
        .must(case, "retry");
    assert_eq!(
        retried.message.id, recorded.message_id,
        "{case}: the message"
    );
    assert_eq!(
        retried.message.status,
        MessageStatus::Pending,
        "{case}: pending again"
    );
    assert!(
        retried.message.error.is_none(),
        "{case}: the error is cleared"
    );
    let read = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(
        retried.message, read,
        "{case}: the message as reads show it"
    );
}
