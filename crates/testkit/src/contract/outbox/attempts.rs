//! How attempts end (`sent`, `failed`, `retry_later`, `ambiguous`), leases, pauses and retries.

use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{JobError, SendJobState};
use inbox_domain::{MessageId, MessageStatus};

use super::world::{LEASE, OutboxWorld, claim_one, only_job, recorded};
use crate::contract::fixtures::{Must, assert_conflict, assert_not_found, wamid};
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    sent_gives_the_message_its_wamid_and_moves_it_to_sent,
    an_attempt_without_the_lease_finishes_nothing,
    failed_keeps_meta_error_on_the_message,
    retry_later_makes_the_job_runnable_after_the_delay,
    ambiguous_waits_then_expiry_retries_or_parks,
    rescue_retries_undispatched_jobs_and_holds_dispatched_ones,
    a_paused_account_is_not_claimed_until_resumed,
    retry_message_sends_a_failed_message_again,
    retry_message_of_a_message_not_failed_is_a_conflict,
    retry_message_of_an_unknown_message_is_not_found,
];

fn meta_error(class: &str, code: i64) -> JobError {
    JobError {
        class: class.to_owned(),
        code: Some(code),
        title: "Meta said no".to_owned(),
        details: Some("Explained".to_owned()),
    }
}

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
    let message = w
        .storage
        .messages
        .get(recorded.message_id)
        .await
        .must(case, "get");
    assert_eq!(message.wamid, Some(given), "{case}: the wamid");
    assert_eq!(message.status, MessageStatus::Sent, "{case}: sent");
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Done, "{case}: the job is done");
    assert!(
        w.outbox
            .claim(10, LEASE)
            .await
            .must(case, "claim")
            .is_empty(),
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
    let message = w
        .storage
        .messages
        .get(recorded.message_id)
        .await
        .must(case, "get");
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
        w.outbox
            .claim(10, LEASE)
            .await
            .must(case, "claim")
            .is_empty(),
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
        w.outbox
            .claim(10, LEASE)
            .await
            .must(case, "claim")
            .is_empty(),
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

/// "one whose attempt never reached `dispatching` goes to `retry` (runnable now); one that did
/// may have reached Meta and becomes `unknown`".
async fn rescue_retries_undispatched_jobs_and_holds_dispatched_ones(
    case: &'static str,
    w: OutboxWorld,
) {
    let (_, quiet) = recorded(case, &w).await;
    let (_, called) = recorded(case, &w).await;
    // Long enough to note the dispatch while holding the lease, short enough to wait out.
    let short = Duration::from_millis(1000);
    let jobs = w.outbox.claim(10, short).await.must(case, "claim");
    assert_eq!(jobs.len(), 2, "{case}: both claimed");
    for job in jobs.iter().filter(|job| job.id == called.job_id) {
        let noted = w
            .outbox
            .dispatching(job.id, job.attempt)
            .await
            .must(case, "dispatching");
        assert!(noted, "{case}: the dispatch is noted within the lease");
    }
    tokio::time::sleep(short + Duration::from_millis(100)).await;
    assert_eq!(
        w.outbox.rescue_expired(LEASE).await.must(case, "rescue"),
        2,
        "{case}: both rescued"
    );
    let quiet_job = only_job(case, &w, quiet.message_id).await;
    assert_eq!(
        quiet_job.state,
        SendJobState::Retry,
        "{case}: never called: retried"
    );
    let called_job = only_job(case, &w, called.message_id).await;
    assert_eq!(
        called_job.state,
        SendJobState::Unknown,
        "{case}: maybe sent: waits"
    );
    let again = claim_one(case, &w, &quiet).await;
    assert_eq!(again.attempt, 2, "{case}: the quiet one runs again");
}

/// "Stops claiming the account's jobs ... its jobs wait, none fails"; "Returns false when it
/// was already paused (the first reason is kept)"; resume "Lets the account's jobs be claimed
/// again".
async fn a_paused_account_is_not_claimed_until_resumed(case: &'static str, w: OutboxWorld) {
    let (thread, recorded) = recorded(case, &w).await;
    let account = thread.account_id;
    assert!(
        w.outbox
            .pause_account(account, "token expired")
            .await
            .must(case, "pause")
    );
    assert!(
        !w.outbox
            .pause_account(account, "again")
            .await
            .must(case, "pause again"),
        "{case}: already paused"
    );
    assert_eq!(
        w.outbox
            .paused(account)
            .await
            .must(case, "paused")
            .as_deref(),
        Some("token expired"),
        "{case}: the first reason"
    );
    assert!(
        w.outbox
            .claim(10, LEASE)
            .await
            .must(case, "claim")
            .is_empty(),
        "{case}: a paused account's job waits"
    );
    assert_eq!(
        only_job(case, &w, recorded.message_id).await.state,
        SendJobState::Queued,
        "{case}: and does not fail"
    );
    assert!(w.outbox.resume_account(account).await.must(case, "resume"));
    assert!(
        !w.outbox
            .resume_account(account)
            .await
            .must(case, "resume again"),
        "{case}: not paused any more"
    );
    assert_eq!(w.outbox.paused(account).await.must(case, "paused"), None);
    claim_one(case, &w, &recorded).await;
}

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
    let message = w
        .storage
        .messages
        .get(recorded.message_id)
        .await
        .must(case, "get");
    assert_eq!(
        message.status,
        MessageStatus::Pending,
        "{case}: pending again"
    );
    assert!(message.error.is_none(), "{case}: the error is cleared");
    let again = w.outbox.claim(10, LEASE).await.must(case, "claim");
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
