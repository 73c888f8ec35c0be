//! `finish_many` over mixed groups: every kind of end, stale and repeated attempts, reaction jobs
//! and kept statuses side by side in one group, each answered as its single method would.

use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{
    AttemptEnd, AttemptOutcome, JobError, SendAction, SendJob, SendJobState,
};
use inbox_domain::{AccountId, MessageId, MessageStatus, Wamid};

use super::world::{LEASE, OutboxWorld, only_job, recorded, stored_message};
use crate::contract::fixtures::{Must, wamid};
use crate::contract::port_case::port_cases;
use crate::contract::webhooks::batch::{batch, change, status};
use crate::contract::webhooks::world::deliver;

port_cases![OutboxWorld;
    finish_many_of_a_mixed_group_with_a_stale_attempt_answers_each_in_order,
    finish_many_applies_only_the_first_of_two_outcomes_for_one_attempt,
    finish_many_gives_each_sent_message_the_statuses_kept_for_its_own_wamid,
];

fn error(class: &str, code: i64) -> JobError {
    JobError {
        class: class.to_owned(),
        code: Some(code),
        title: "Meta said no".to_owned(),
        details: None,
    }
}

fn outcome(job: &SendJob, end: AttemptEnd) -> AttemptOutcome {
    AttemptOutcome {
        id: job.id,
        attempt: job.attempt,
        end,
    }
}

/// Records `count` sends and claims them (with whatever else is ready): the claimed job of each
/// recorded message, in the order recorded, and every claimed job.
async fn claim_sends(case: &str, w: &OutboxWorld, count: usize) -> (Vec<SendJob>, Vec<SendJob>) {
    let mut messages = Vec::new();
    for _ in 0..count {
        messages.push(recorded(case, w).await.1.message_id);
    }
    let claimed = w.outbox.claim(50, LEASE).await.must(case, "claim");
    let sends = messages
        .iter()
        .map(|message| {
            claimed
                .iter()
                .find(|job| job.message_id == *message && job.action == SendAction::Message)
                .cloned()
                .must(case, "the recorded send among the claimed")
        })
        .collect();
    (sends, claimed)
}

fn status_changed(job: &SendJob, status: MessageStatus) -> InboxEvent {
    InboxEvent::MessageStatusChanged {
        account_id: job.account_id,
        conversation_id: job.conversation_id,
        message_id: job.message_id,
        status,
    }
}

async fn message_status(case: &str, w: &OutboxWorld, message: MessageId) -> MessageStatus {
    stored_message(case, w, message).await.status
}

/// "one [`Finished`] per outcome, in order, with the events that outcome's change calls for
/// (none for `retry_later` and `ambiguous`). An attempt without the lease changes nothing for
/// itself (`applied` false) and the others still proceed." — with every end in one group, and a
/// `reaction` job of a message sent in the same group (no message change for it: `sent` moves
/// only "for a `message` job").
async fn finish_many_of_a_mixed_group_with_a_stale_attempt_answers_each_in_order(
    case: &'static str,
    w: OutboxWorld,
) {
    let mut messages = Vec::new();
    for _ in 0..5 {
        messages.push(recorded(case, &w).await.1.message_id);
    }
    let reaction = w
        .outbox
        .queue_reaction(messages[1], Some("👍".to_owned()))
        .await
        .must(case, "queue a reaction");
    let claimed = w.outbox.claim(50, LEASE).await.must(case, "claim");
    assert_eq!(claimed.len(), 6, "{case}: five sends and a reaction");
    let send = |i: usize| {
        claimed
            .iter()
            .find(|job| job.message_id == messages[i] && job.action == SendAction::Message)
            .cloned()
            .must(case, "a claimed send")
    };
    let reaction_job = claimed
        .iter()
        .find(|job| job.id == reaction)
        .cloned()
        .must(case, "the claimed reaction");
    let (given, reacted) = (wamid(), wamid());
    let hour = Duration::from_secs(3600);
    let stale = AttemptOutcome {
        attempt: send(2).attempt + 1,
        ..outcome(&send(2), AttemptEnd::Failed(error("permanent", 131_026)))
    };
    let outcomes = [
        outcome(
            &send(0),
            AttemptEnd::RetryLater {
                delay: hour,
                error: error("retryable", 130_429),
            },
        ),
        outcome(&send(1), AttemptEnd::Sent(given.clone())),
        stale,
        outcome(&reaction_job, AttemptEnd::Sent(reacted)),
        outcome(&send(3), AttemptEnd::Failed(error("permanent", 131_026))),
        outcome(
            &send(4),
            AttemptEnd::Ambiguous {
                window: hour,
                error: error("ambiguous", 131_000),
            },
        ),
    ];
    let finished = w
        .outbox
        .finish_many(&outcomes)
        .await
        .must(case, "finish_many");
    let applied: Vec<bool> = finished.iter().map(|f| f.applied).collect();
    assert_eq!(
        applied,
        [true, true, false, true, true, true],
        "{case}: only the stale attempt is fenced"
    );
    let events: Vec<Vec<InboxEvent>> = finished.into_iter().map(|f| f.events).collect();
    assert_eq!(
        events,
        [
            vec![],
            vec![status_changed(&send(1), MessageStatus::Sent)],
            vec![],
            vec![],
            vec![status_changed(&send(3), MessageStatus::Failed)],
            vec![],
        ],
        "{case}: each outcome's events, in order"
    );
    let states = [
        SendJobState::Retry,
        SendJobState::Done,
        SendJobState::Running,
        SendJobState::Failed,
        SendJobState::Unknown,
    ];
    for (i, state) in states.into_iter().enumerate() {
        if i == 1 {
            continue;
        }
        assert_eq!(
            only_job(case, &w, messages[i]).await.state,
            state,
            "{case}: the state of send {i}"
        );
    }
    let jobs = w.outbox.jobs(messages[1]).await.must(case, "jobs");
    assert!(
        jobs.iter().all(|job| job.state == SendJobState::Done),
        "{case}: the sent message's job and its reaction are done"
    );
    let sent = stored_message(case, &w, messages[1]).await;
    assert_eq!(
        (sent.status, sent.wamid),
        (MessageStatus::Sent, Some(given)),
        "{case}: the message's own wamid, not the reaction's"
    );
    let expected = [
        MessageStatus::Pending,
        MessageStatus::Sent,
        MessageStatus::Pending,
        MessageStatus::Failed,
        MessageStatus::Pending,
    ];
    for (i, status) in expected.into_iter().enumerate() {
        assert_eq!(
            message_status(case, &w, messages[i]).await,
            status,
            "{case}: the status of message {i}"
        );
    }
}

/// "each exactly as its single method ... would": of two outcomes for one attempt, the first
/// ends it and the second, no longer holding the lease, changes nothing.
async fn finish_many_applies_only_the_first_of_two_outcomes_for_one_attempt(
    case: &'static str,
    w: OutboxWorld,
) {
    let (sends, _) = claim_sends(case, &w, 1).await;
    let job = &sends[0];
    let given = wamid();
    let finished = w
        .outbox
        .finish_many(&[
            outcome(job, AttemptEnd::Sent(given.clone())),
            outcome(job, AttemptEnd::Failed(error("permanent", 131_026))),
        ])
        .await
        .must(case, "finish_many");
    assert_eq!(finished.len(), 2, "{case}: one answer per outcome");
    assert!(finished[0].applied, "{case}: the first applies");
    assert_eq!(
        finished[0].events,
        vec![status_changed(job, MessageStatus::Sent)],
        "{case}: with its event"
    );
    assert!(
        !finished[1].applied && finished[1].events.is_empty(),
        "{case}: the second changes nothing"
    );
    let record = only_job(case, &w, job.message_id).await;
    assert_eq!(
        (record.state, record.last_error),
        (SendJobState::Done, None),
        "{case}: the job ended as the first said"
    );
    let message = stored_message(case, &w, job.message_id).await;
    assert_eq!(
        (message.status, message.wamid, message.error),
        (MessageStatus::Sent, Some(given), None),
        "{case}: the message is sent, with no error"
    );
}

/// Delivers a `status` of `wamid` (without our id) on the number of `account`.
async fn report(case: &str, w: &OutboxWorld, account: AccountId, wamid: &Wamid, said: &str) {
    let account = w.storage.accounts.get(account).await.must(case, "account");
    let mut change = change(&account.phone_number_id);
    change.statuses = vec![status(wamid, said, 20)];
    deliver(case, &w.storage, &batch(vec![change])).await;
}

/// "for a `message` job the message takes `wamid` and moves to `sent` (forward only, with a
/// `MessageStatusChanged` event)" in a group: a status Meta reported before the send was
/// recorded goes to the message of that wamid only, and each event shows where its message ended.
async fn finish_many_gives_each_sent_message_the_statuses_kept_for_its_own_wamid(
    case: &'static str,
    w: OutboxWorld,
) {
    let (sends, _) = claim_sends(case, &w, 3).await;
    let wamids = [wamid(), wamid(), wamid()];
    report(case, &w, sends[0].account_id, &wamids[0], "read").await;
    report(case, &w, sends[2].account_id, &wamids[2], "delivered").await;
    let outcomes: Vec<AttemptOutcome> = sends
        .iter()
        .zip(&wamids)
        .map(|(job, given)| outcome(job, AttemptEnd::Sent(given.clone())))
        .collect();
    let finished = w
        .outbox
        .finish_many(&outcomes)
        .await
        .must(case, "finish_many");
    let expected = [
        MessageStatus::Read,
        MessageStatus::Sent,
        MessageStatus::Delivered,
    ];
    for (i, status) in expected.into_iter().enumerate() {
        assert!(finished[i].applied, "{case}: send {i} applied");
        assert_eq!(
            finished[i].events,
            vec![status_changed(&sends[i], status)],
            "{case}: the event of send {i} shows where it ended"
        );
        let message = stored_message(case, &w, sends[i].message_id).await;
        assert_eq!(
            (message.status, message.wamid.as_ref()),
            (status, Some(&wamids[i])),
            "{case}: message {i}"
        );
    }
}
