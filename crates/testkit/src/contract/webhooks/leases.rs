//! `WebhookQueue` leases: the attempt number fences a worker that outlived its lease, and the
//! rescue takes expired leases back.

use std::time::Duration;

use inbox_domain::ports::{
    DeliveryId, DeliveryState, FailAction, LEASE_EXPIRED_TOO_OFTEN, Storage,
};

use super::batch::{batch, change, text, wamid_of};
use super::world::{LONG_LEASE, claim_exactly, enqueue_and_claim, state_of, thread};
use crate::contract::fixtures::{Must, account, wa_id};

crate::contract::cases![
    a_stale_attempt_can_neither_apply_nor_fail,
    an_expired_lease_cannot_apply_even_before_rescue,
    rescue_returns_expired_leases_to_retry_then_parks_at_max_attempts,
    rescue_leaves_live_leases_alone,
];

/// A lease that ends while a case waits `WAIT`.
const SHORT_LEASE: Duration = Duration::from_millis(40);
const WAIT: Duration = Duration::from_millis(120);

/// "A claim is a lease fenced by the attempt number: a worker that outlived its lease can
/// neither apply nor fail the delivery."
async fn a_stale_attempt_can_neither_apply_nor_fail(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let mut change = change(&shop.phone_number_id);
    change
        .messages
        .push(text(&customer, &wamid_of("stale"), 1, "hello"));
    let delivery = batch(vec![change]);
    let id = s
        .webhooks
        .enqueue(b"{}".to_vec())
        .await
        .must(case, "enqueue");
    let stale = claim_exactly(case, &s, id, SHORT_LEASE).await;
    tokio::time::sleep(WAIT).await;
    assert!(s.webhooks.rescue_expired(5).await.must(case, "rescue") >= 1);
    let current = claim_exactly(case, &s, id, LONG_LEASE).await;
    assert_eq!(
        current.attempt,
        stale.attempt + 1,
        "{case}: the next attempt"
    );

    let outcome = s
        .webhooks
        .apply(id, stale.attempt, &delivery)
        .await
        .must(case, "apply");
    assert!(
        !outcome.applied && outcome.events.is_empty(),
        "{case}: stale apply refused"
    );
    let page = s
        .conversations
        .list(shop.id, None, Default::default())
        .await
        .must(case, "list");
    assert!(
        page.items.is_empty(),
        "{case}: a refused apply stores nothing"
    );
    let failed = s
        .webhooks
        .fail(
            id,
            stale.attempt,
            "late",
            FailAction::Park("stale".to_owned()),
        )
        .await
        .must(case, "fail");
    assert!(!failed, "{case}: stale fail refused");
    assert_eq!(state_of(case, &s, id).await, DeliveryState::Running);

    let outcome = s
        .webhooks
        .apply(id, current.attempt, &delivery)
        .await
        .must(case, "apply");
    assert!(outcome.applied, "{case}: the current attempt applies");
    thread(case, &s, shop.id, &customer).await;
    assert_eq!(state_of(case, &s, id).await, DeliveryState::Done);
}

/// Apply and fail hold "only if it still holds the lease": an expired lease is lost even
/// before a rescue moved the delivery.
async fn an_expired_lease_cannot_apply_even_before_rescue(case: &'static str, s: Storage) {
    let id = s
        .webhooks
        .enqueue(b"{}".to_vec())
        .await
        .must(case, "enqueue");
    let claim = claim_exactly(case, &s, id, SHORT_LEASE).await;
    tokio::time::sleep(WAIT).await;
    let outcome = s
        .webhooks
        .apply(id, claim.attempt, &batch(Vec::new()))
        .await
        .must(case, "apply");
    assert!(!outcome.applied, "{case}: expired lease, no apply");
    let failed = s
        .webhooks
        .fail(
            id,
            claim.attempt,
            "x",
            FailAction::RetryAfter(Duration::ZERO),
        )
        .await
        .must(case, "fail");
    assert!(!failed, "{case}: expired lease, no fail");
}

/// "Returns `running` deliveries whose lease expired to `retry` (runnable now), or parks them
/// with [`LEASE_EXPIRED_TOO_OFTEN`] once they reached `max_attempts`. Returns how many."
async fn rescue_returns_expired_leases_to_retry_then_parks_at_max_attempts(
    case: &'static str,
    s: Storage,
) {
    let id = s
        .webhooks
        .enqueue(b"{}".to_vec())
        .await
        .must(case, "enqueue");
    claim_exactly(case, &s, id, SHORT_LEASE).await;
    tokio::time::sleep(WAIT).await;
    assert!(s.webhooks.rescue_expired(2).await.must(case, "rescue") >= 1);
    assert_eq!(state_of(case, &s, id).await, DeliveryState::Retry);
    let second = claim_exactly(case, &s, id, SHORT_LEASE).await;
    assert_eq!(
        second.attempt, 2,
        "{case}: runnable at once, second attempt"
    );
    tokio::time::sleep(WAIT).await;
    assert!(s.webhooks.rescue_expired(2).await.must(case, "rescue") >= 1);
    let listed = s
        .webhooks
        .list(
            DeliveryState::Parked,
            Some(DeliveryId::new(id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the parked delivery");
    assert_eq!(record.id, id);
    assert_eq!(
        record.parked_reason.as_deref(),
        Some(LEASE_EXPIRED_TOO_OFTEN)
    );
}

/// Only "`running` deliveries whose lease expired" are rescued.
async fn rescue_leaves_live_leases_alone(case: &'static str, s: Storage) {
    let claim = enqueue_and_claim(case, &s).await;
    s.webhooks.rescue_expired(1).await.must(case, "rescue");
    assert_eq!(state_of(case, &s, claim.id).await, DeliveryState::Running);
}
