//! `Outbox::retry_message`: a failed message sent again, and the errors for one not failed or
//! unknown.

use inbox_domain::events::InboxEvent;
use inbox_domain::{MessageId, MessageStatus};

use super::world::{OutboxWorld, claim_one, claim_ready, meta_error, recorded, stored_message};
use crate::contract::fixtures::{Must, assert_conflict, assert_not_found};
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    retry_message_sends_a_failed_message_again,
    retry_message_of_a_message_not_failed_is_a_conflict,
    retry_message_of_an_unknown_message_is_not_found,
];

/// "the message goes back to `pending` (its error cleared) with a new `queued` job carrying the
/// request of its last job, with a `MessageStatusChanged` event."
async fn retry_message_sends_a_failed_message_again(case: &'static str, w: OutboxWorld) {
    let (thread, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    w.outbox
        .failed(job.id, job.attempt, &meta_error("permanent", 131_026))
        .await
        .must(case, "failed");
    let retried = w
        .outbox
        .retry_message(recorded.message_id)
        .await
        .must(case, "retry");
    assert_ne!(retried.job_id, recorded.job_id, "{case}: a new job");
    assert_eq!(
        retried.events,
        vec![InboxEvent::MessageStatusChanged {
            account_id: thread.account_id,
            conversation_id: thread.id,
            message_id: recorded.message_id,
            status: MessageStatus::Pending,
        }],
        "{case}: the status event"
    );
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(
        message.status,
        MessageStatus::Pending,
        "{case}: pending again"
    );
    assert!(message.error.is_none(), "{case}: the error is cleared");
    let again = claim_ready(case, &w).await;
    assert_eq!(again.len(), 1, "{case}: the new job runs");
    assert_eq!(again[0].id, retried.job_id, "{case}: the new job");
    assert_eq!(again[0].request, job.request, "{case}: the same request");
}

/// "`Conflict` (entity "message", constraint "not_failed") when it is not `failed`."
async fn retry_message_of_a_message_not_failed_is_a_conflict(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    assert_conflict(
        case,
        "message",
        w.outbox.retry_message(recorded.message_id).await,
    );
}

/// "`NotFound` (entity "message") when there is no such outbound message with a job."
async fn retry_message_of_an_unknown_message_is_not_found(case: &'static str, w: OutboxWorld) {
    assert_not_found(
        case,
        "message",
        w.outbox.retry_message(MessageId::generate()).await,
    );
}
