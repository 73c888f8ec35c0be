//! Groups of attempts: `dispatching_many` and `finish_many`, each attempt fenced on its own.

use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, Recorded, SendJob, SendJobState};
use inbox_domain::{MessageStatus, Wamid};

use super::world::{
    LEASE, OutboxWorld, claim_ready, meta_error, only_job, recorded, stored_message,
};
use crate::contract::fixtures::{Must, wamid};
use crate::contract::port_case::port_cases;
use crate::contract::webhooks::batch::{batch, change, status};
use crate::contract::webhooks::world::deliver;

port_cases![OutboxWorld;
    dispatching_many_notes_only_the_attempts_that_hold_their_lease,
    finish_many_ends_each_attempt_as_its_single_method,
    finish_many_with_a_stale_attempt_changes_nothing_for_it_and_the_others_proceed,
    finish_many_moves_a_message_forward_only,
];

/// `count` recorded sends, claimed together with `lease`, in the order recorded.
async fn claimed(
    case: &str,
    w: &OutboxWorld,
    count: usize,
    lease: Duration,
) -> Vec<(Recorded, SendJob)> {
    let mut sends = Vec::new();
    for _ in 0..count {
        sends.push(recorded(case, w).await.1);
    }
    let jobs = w.outbox.claim(50, lease).await.must(case, "claim");
    assert_eq!(jobs.len(), count, "{case}: every recorded job is claimed");
    sends
        .into_iter()
        .map(|send| {
            let job = jobs
                .iter()
                .find(|job| job.id == send.job_id)
                .cloned()
                .must(case, "the recorded job among the claimed");
            (send, job)
        })
        .collect()
}

fn outcome(job: &SendJob, end: AttemptEnd) -> AttemptOutcome {
    AttemptOutcome {
        id: job.id,
        attempt: job.attempt,
        end,
    }
}

/// "one answer per attempt, in order, true for those that still hold their lease (and are now
/// noted); an attempt without the lease changes nothing and does not stop the others" (noted:
/// a rescue after the lease makes the noted one `unknown`, the other `retry`).
async fn dispatching_many_notes_only_the_attempts_that_hold_their_lease(
    case: &'static str,
    w: OutboxWorld,
) {
    // Long enough to note the dispatch while holding the lease, short enough to wait out.
    let short = Duration::from_millis(1000);
    let sends = claimed(case, &w, 2, short).await;
    let (noted, stale) = (&sends[0], &sends[1]);
    let held = w
        .outbox
        .dispatching_many(&[
            (noted.1.id, noted.1.attempt),
            (stale.1.id, stale.1.attempt + 1),
        ])
        .await
        .must(case, "dispatching_many");
    assert_eq!(held, vec![true, false], "{case}: one answer per attempt");
    assert_eq!(
        w.outbox
            .dispatching_many(&[])
            .await
            .must(case, "an empty group"),
        Vec::<bool>::new(),
        "{case}: an empty group answers nothing"
    );
    tokio::time::sleep(short + Duration::from_millis(100)).await;
    assert_eq!(
        w.outbox.rescue_expired(LEASE).await.must(case, "rescue"),
        2,
        "{case}: both rescued"
    );
    let noted_job = only_job(case, &w, noted.0.message_id).await;
    assert_eq!(
        noted_job.state,
        SendJobState::Unknown,
        "{case}: the noted attempt may have reached Meta"
    );
    let stale_job = only_job(case, &w, stale.0.message_id).await;
    assert_eq!(
        stale_job.state,
        SendJobState::Retry,
        "{case}: the stale attempt noted nothing"
    );
}

/// "Ends a group of attempts in one step, each exactly as its single method (`sent`, `failed`,
/// `retry_later`, `ambiguous`) would ...: one [`Finished`] per outcome, in order, with the
/// events that outcome's change calls for (none for `retry_later` and `ambiguous`)."
async fn finish_many_ends_each_attempt_as_its_single_method(case: &'static str, w: OutboxWorld) {
    let sends = claimed(case, &w, 4, LEASE).await;
    let given = wamid();
    let refused = meta_error("permanent", 131_026);
    let throttled = meta_error("retryable", 130_429);
    let unsure = meta_error("ambiguous", 131_000);
    let hour = Duration::from_secs(3600);
    let outcomes = [
        outcome(&sends[0].1, AttemptEnd::Sent(given.clone())),
        outcome(&sends[1].1, AttemptEnd::Failed(refused.clone())),
        outcome(
            &sends[2].1,
            AttemptEnd::RetryLater {
                delay: hour,
                error: throttled.clone(),
            },
        ),
        outcome(
            &sends[3].1,
            AttemptEnd::Ambiguous {
                window: hour,
                error: unsure.clone(),
            },
        ),
    ];
    let finished = w
        .outbox
        .finish_many(&outcomes)
        .await
        .must(case, "finish_many");
    assert_eq!(finished.len(), 4, "{case}: one answer per outcome");
    assert!(finished.iter().all(|f| f.applied), "{case}: all applied");
    let status_event = |index: usize, status: MessageStatus| InboxEvent::MessageStatusChanged {
        account_id: sends[index].1.account_id,
        conversation_id: sends[index].1.conversation_id,
        message_id: sends[index].0.message_id,
        status,
    };
    assert_eq!(
        finished[0].events,
        vec![status_event(0, MessageStatus::Sent)],
        "{case}: the sent one's event"
    );
    assert_eq!(
        finished[1].events,
        vec![status_event(1, MessageStatus::Failed)],
        "{case}: the failed one's event"
    );
    assert!(
        finished[2].events.is_empty() && finished[3].events.is_empty(),
        "{case}: no event for retry and ambiguous"
    );

    let sent = stored_message(case, &w, sends[0].0.message_id).await;
    assert_eq!(sent.wamid, Some(given), "{case}: the wamid");
    assert_eq!(sent.status, MessageStatus::Sent, "{case}: sent");
    let failed = stored_message(case, &w, sends[1].0.message_id).await;
    assert_eq!(failed.status, MessageStatus::Failed, "{case}: failed");
    assert_eq!(
        failed.error.map(|e| e.code),
        Some(131_026),
        "{case}: Meta's code on the message"
    );
    let expected = [
        (SendJobState::Done, None),
        (SendJobState::Failed, Some(refused)),
        (SendJobState::Retry, Some(throttled)),
        (SendJobState::Unknown, Some(unsure)),
    ];
    for ((send, _), (state, error)) in sends.iter().zip(expected) {
        let record = only_job(case, &w, send.message_id).await;
        assert_eq!(record.state, state, "{case}: the job's state");
        assert_eq!(record.last_error, error, "{case}: the job's error");
    }
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: nothing is runnable (the retry waits its delay)"
    );
}

/// "An attempt without the lease changes nothing for itself (`applied` false) and the others
/// still proceed."
async fn finish_many_with_a_stale_attempt_changes_nothing_for_it_and_the_others_proceed(
    case: &'static str,
    w: OutboxWorld,
) {
    let sends = claimed(case, &w, 2, LEASE).await;
    let (stale, held) = (&sends[0], &sends[1]);
    let stale_outcome = AttemptOutcome {
        attempt: stale.1.attempt + 1,
        ..outcome(&stale.1, AttemptEnd::Sent(wamid()))
    };
    let finished = w
        .outbox
        .finish_many(&[stale_outcome, outcome(&held.1, AttemptEnd::Sent(wamid()))])
        .await
        .must(case, "finish_many");
    assert_eq!(finished.len(), 2, "{case}: one answer per outcome");
    assert!(!finished[0].applied, "{case}: the stale attempt is fenced");
    assert!(
        finished[0].events.is_empty(),
        "{case}: no event for the fenced one"
    );
    assert!(finished[1].applied, "{case}: the holder proceeds");
    assert_eq!(finished[1].events.len(), 1, "{case}: with its event");
    let stale_job = only_job(case, &w, stale.0.message_id).await;
    assert_eq!(
        stale_job.state,
        SendJobState::Running,
        "{case}: the fenced job still runs"
    );
    let message = stored_message(case, &w, stale.0.message_id).await;
    assert_eq!(message.wamid, None, "{case}: no wamid for the fenced one");
    assert_eq!(
        message.status,
        MessageStatus::Pending,
        "{case}: still pending"
    );
    let held_job = only_job(case, &w, held.0.message_id).await;
    assert_eq!(
        held_job.state,
        SendJobState::Done,
        "{case}: the other is done"
    );
}

/// Delivers a status of `wamid` (without our id) on the number of `account`.
async fn report(case: &str, w: &OutboxWorld, account: inbox_domain::AccountId, wamid: &Wamid) {
    let account = w.storage.accounts.get(account).await.must(case, "account");
    let mut change = change(&account.phone_number_id);
    change.statuses = vec![status(wamid, "delivered", 20)];
    deliver(case, &w.storage, &batch(vec![change])).await;
}

/// "each exactly as its single method ... would": `sent` moves the message "forward only" —
/// a `delivered` Meta reported before the send was recorded is kept, not moved back to `sent`.
async fn finish_many_moves_a_message_forward_only(case: &'static str, w: OutboxWorld) {
    let sends = claimed(case, &w, 1, LEASE).await;
    let (send, job) = &sends[0];
    let given = wamid();
    report(case, &w, job.account_id, &given).await;
    let finished = w
        .outbox
        .finish_many(&[outcome(job, AttemptEnd::Sent(given.clone()))])
        .await
        .must(case, "finish_many");
    assert!(finished[0].applied, "{case}: applied");
    let message = stored_message(case, &w, send.message_id).await;
    assert_eq!(message.wamid, Some(given), "{case}: the wamid");
    assert_eq!(
        message.status,
        MessageStatus::Delivered,
        "{case}: the earlier delivered status stands"
    );
    assert!(
        finished[0].events.iter().all(|event| matches!(
            event,
            InboxEvent::MessageStatusChanged {
                status: MessageStatus::Delivered,
                ..
            }
        )),
        "{case}: no event shows the message going back to sent"
    );
}
