//! Reconciliation: a status webhook carrying our message id finishes an ambiguous send.

use std::time::Duration;

use inbox_domain::MessageStatus;
use inbox_domain::inbound::StatusReport;
use inbox_domain::outbox::{JobError, SendJobState};

use super::world::{OutboxWorld, claim_one, claim_ready, only_job, recorded, stored_message};
use crate::contract::fixtures::{Must, wamid};
use crate::contract::port_case::port_cases;
use crate::contract::webhooks::batch::{batch, change, status};
use crate::contract::webhooks::world::deliver;

port_cases![OutboxWorld;
    a_status_with_our_id_gives_an_unknown_send_its_wamid_and_finishes_it,
    a_status_with_our_id_finishes_a_send_still_running,
    a_status_with_another_accounts_id_changes_nothing,
];

/// A status of `wamid` carrying `callback` as `biz_opaque_callback_data`.
fn with_callback(wamid: &inbox_domain::Wamid, state: &str, callback: &str) -> StatusReport {
    let mut report = status(wamid, state, 20);
    report.biz_opaque_callback_data = Some(callback.to_owned());
    report
}

/// Delivers `report` on the number of `account`.
async fn report(
    case: &str,
    w: &OutboxWorld,
    account: inbox_domain::AccountId,
    report: StatusReport,
) {
    let account = w.storage.accounts.get(account).await.must(case, "account");
    let mut change = change(&account.phone_number_id);
    change.statuses = vec![report];
    deliver(case, &w.storage, &batch(vec![change])).await;
}

/// The contract of `ambiguous` ("a status webhook carrying the message's id finishes it
/// meanwhile") with `WebhookQueue::apply`: the message takes the wamid and the status, the job
/// is done and never sent again.
async fn a_status_with_our_id_gives_an_unknown_send_its_wamid_and_finishes_it(
    case: &'static str,
    w: OutboxWorld,
) {
    let (thread, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    let error = JobError::internal("timed out after the request left");
    w.outbox
        .ambiguous(job.id, job.attempt, Duration::from_secs(600), &error)
        .await
        .must(case, "ambiguous");
    let given = wamid();
    let callback = recorded.message_id.to_string();
    report(
        case,
        &w,
        thread.account_id,
        with_callback(&given, "delivered", &callback),
    )
    .await;
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(message.wamid, Some(given), "{case}: the wamid is attached");
    assert_eq!(
        message.status,
        MessageStatus::Delivered,
        "{case}: the status applied"
    );
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Done, "{case}: the job is done");
    assert_eq!(
        w.outbox
            .expire_reconciliation(false)
            .await
            .must(case, "expire"),
        0,
        "{case}: nothing left to expire"
    );
    assert!(
        claim_ready(case, &w).await.is_empty(),
        "{case}: never sent again"
    );
}

/// The status may come before the worker hears Meta's answer: the job is finished, and the
/// worker's late `sent` is fenced out.
async fn a_status_with_our_id_finishes_a_send_still_running(case: &'static str, w: OutboxWorld) {
    let (thread, recorded) = recorded(case, &w).await;
    let job = claim_one(case, &w, &recorded).await;
    w.outbox
        .dispatching(job.id, job.attempt)
        .await
        .must(case, "dispatching");
    let given = wamid();
    let callback = recorded.message_id.to_string();
    report(
        case,
        &w,
        thread.account_id,
        with_callback(&given, "sent", &callback),
    )
    .await;
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(record.state, SendJobState::Done, "{case}: the job is done");
    let late = w
        .outbox
        .sent(job.id, job.attempt, &given)
        .await
        .must(case, "late sent");
    assert!(
        !late.applied,
        "{case}: the worker's answer changes nothing more"
    );
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(message.status, MessageStatus::Sent, "{case}: sent");
}

/// A callback naming a message of another account changes nothing (the status is kept for an
/// unknown wamid as usual).
async fn a_status_with_another_accounts_id_changes_nothing(case: &'static str, w: OutboxWorld) {
    let (_, recorded) = recorded(case, &w).await;
    let (other, _) = super::world::recorded(case, &w).await;
    let callback = recorded.message_id.to_string();
    report(
        case,
        &w,
        other.account_id,
        with_callback(&wamid(), "sent", &callback),
    )
    .await;
    let message = stored_message(case, &w, recorded.message_id).await;
    assert!(message.wamid.is_none(), "{case}: no wamid attached");
    let record = only_job(case, &w, recorded.message_id).await;
    assert_eq!(
        record.state,
        SendJobState::Queued,
        "{case}: the job is untouched"
    );
}
