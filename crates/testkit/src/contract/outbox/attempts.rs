//! How attempts end (`sent`, `failed`, `retry_later`, `ambiguous` and the expiry of its window),
//! and that an attempt without the lease ends nothing.

use std::time::Duration;

use inbox_domain::MessageStatus;
use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::SendJobState;

use super::world::{
    LEASE, OutboxWorld, claim_one, claim_ready, meta_error, only_job, recorded, stored_message,
};
use crate::contract::fixtures::{Must, wamid};
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    sent_gives_the_message_its_wamid_and_moves_it_to_sent,
    an_attempt_without_the_lease_finishes_nothing,
    failed_keeps_meta_error_on_the_message,
    retry_later_makes_the_job_runnable_after_the_delay,
    ambiguous_waits_then_expiry_retries_or_parks,
];

/// "the job becomes `done`; for a `message` job the message takes `wamid` and moves to `sent`
/// (forward only, with a `MessageStatusChanged` event)."
async fn sent_gives_the_message_its_wamid_and_moves_it_to_sent(case: &'static str, w: OutboxWorld) {
    let (thread, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    assert_eq!(job.attempt, 1, "{case}: the first attempt");
    assert!(
        w.outbox
            .dispatching(job.id, job.attempt)
            .await
            .must(case, "dispatching"),
        "{case}: the holder may dispatch"
    );
    let given = wamid();
    let finished = w
        .outbox
        .sent(job.id, job.attempt, &given)
        .await
        .must(case, "sent");
    assert!(finished.applied, "{case}: applied");
    assert_eq!(
        finished.events,
        vec![InboxEvent::MessageStatusChanged {
            account_id: thread.account_id,
            conversation_id: thread.id,
            message_id: recorded.message_id,
            status: MessageStatus::Sent,
        }],
        "{case}: one status event"
    );
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(message.wamid, Some(given), "{case}: the wamid");
    assert_eq!(message.status, MessageStatus::Sent, "{case}: sent");
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Done, "{case}: the job is done");
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: a done job is never claimed again"
    );
}

/// "Without the lease nothing changes and `applied` is false" (and the `bool` methods answer
/// false): another attempt's token finishes nothing.
async fn an_attempt_without_the_lease_finishes_nothing(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    let stale = job.attempt + 1;
    let error = meta_error("retryable", 130_429);
    let o = &w.outbox;
    assert!(
        !o.dispatching(job.id, stale).await.must(case, "dispatching"),
        "{case}: dispatching"
    );
    assert!(
        !o.sent(job.id, stale, &wamid())
            .await
            .must(case, "sent")
            .applied,
        "{case}: sent"
    );
    assert!(
        !o.failed(job.id, stale, &error)
            .await
            .must(case, "failed")
            .applied,
        "{case}: failed"
    );
    assert!(
        !o.retry_later(job.id, stale, Duration::ZERO, &error)
            .await
            .must(case, "retry"),
        "{case}: retry_later"
    );
    assert!(
        !o.ambiguous(job.id, stale, LEASE, &error)
            .await
            .must(case, "ambiguous"),
        "{case}: ambiguous"
    );
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Running, "{case}: still running");
}

/// "the job becomes `failed` keeping `error`; for a `message` job the message moves to `failed`
/// with Meta's code, title and details".
async fn failed_keeps_meta_error_on_the_message(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    let error = meta_error("permanent", 131_026);
    let finished = w
        .outbox
        .failed(job.id, job.attempt, &error)
        .await
        .must(case, "failed");
    assert!(finished.applied, "{case}: applied");
    assert_eq!(finished.events.len(), 1, "{case}: one status event");
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(message.status, MessageStatus::Failed, "{case}: failed");
    let kept = message.error.must(case, "Meta's error");
    assert_eq!(kept.code, 131_026, "{case}: code");
    assert_eq!(kept.title, "Meta said no", "{case}: title");
    assert_eq!(
        kept.details.as_deref(),
        Some("Explained"),
        "{case}: details"
    );
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Failed, "{case}: the job failed");
    assert_eq!(
        record.last_error,
        Some(error),
        "{case}: the job keeps the error"
    );
}

/// "the job goes to `retry`, runnable after `delay`, keeping `error`."
async fn retry_later_makes_the_job_runnable_after_the_delay(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    let error = meta_error("retryable", 130_429);
    let hour = Duration::from_secs(3600);
    assert!(
        w.outbox
            .retry_later(job.id, job.attempt, hour, &error)
            .await
            .must(case, "retry"),
        "{case}: the holder may postpone"
    );
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: not runnable before the delay"
    );
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Retry, "{case}: retry");
    assert_eq!(
        record.last_error,
        Some(error.clone()),
        "{case}: the error is kept"
    );

    let (_, soon) = super::world::recorded(case, &w).await;
    let job = claim_one(case, &w, &soon).await;
    w.outbox
        .retry_later(job.id, job.attempt, Duration::ZERO, &error)
        .await
        .must(case, "retry now");
    let again = claim_one(case, &w, &soon).await;
    assert_eq!(again.attempt, 2, "{case}: runnable once the delay passed");
}

/// "the job becomes `unknown` until `now + window`"; then "each such `unknown` job goes to
/// `retry` (runnable now), or to `parked` when `park` is set."
async fn ambiguous_waits_then_expiry_retries_or_parks(case: &'static str, w: OutboxWorld) {
    let error = meta_error("ambiguous", 131_000);
    let (_, waiting) = recorded(case, &w).await;
    let job = claim_one(case, &w, &waiting).await;
    assert!(
        w.outbox
            .ambiguous(job.id, job.attempt, Duration::from_secs(3600), &error)
            .await
            .must(case, "ambiguous"),
        "{case}: the holder may mark it ambiguous"
    );
    let record = only_job(case, &w, waiting.message_id).await;
    assert_eq!(record.state, SendJobState::Unknown, "{case}: unknown");
    assert!(record.reconcile_until.is_some(), "{case}: with a deadline");
    assert_eq!(
        w.outbox
            .expire_reconciliation(false)
            .await
            .must(case, "expire"),
        0,
        "{case}: a window that has not passed stays"
    );
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: an unknown job is never claimed"
    );

    let (_, expiring) = recorded(case, &w).await;
    let job = claim_one(case, &w, &expiring).await;
    w.outbox
        .ambiguous(job.id, job.attempt, Duration::ZERO, &error)
        .await
        .must(case, "ambiguous");
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        w.outbox
            .expire_reconciliation(false)
            .await
            .must(case, "expire"),
        1,
        "{case}: the passed window ends"
    );
    let again = claim_one(case, &w, &expiring).await;
    assert_eq!(again.attempt, 2, "{case}: retried as a second attempt");
    w.outbox
        .ambiguous(again.id, again.attempt, Duration::ZERO, &error)
        .await
        .must(case, "ambiguous again");
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        w.outbox
            .expire_reconciliation(true)
            .await
            .must(case, "park"),
        1,
        "{case}: parked"
    );
    let record = only_job(case, &w, expiring.message_id).await;
    assert_eq!(
        record.state,
        SendJobState::Parked,
        "{case}: waits for a person"
    );
}
