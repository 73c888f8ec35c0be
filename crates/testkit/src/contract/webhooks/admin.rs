//! `WebhookQueue::list` and `requeue`: what an operator sees and replays.

use std::time::Duration;

use inbox_domain::ports::{DeliveryId, DeliveryState, FailAction, Storage};

use super::batch::batch;
use super::world::{LONG_LEASE, claim_exactly, enqueue_and_claim};
use crate::contract::fixtures::{Must, assert_conflict, assert_not_found};

crate::contract::cases![
    list_shows_a_state_newest_first_below_before,
    list_shows_every_state_with_only_its_deliveries,
    requeue_puts_a_parked_delivery_back_with_its_attempts,
    requeue_of_a_delivery_that_is_not_parked_is_a_conflict,
    requeue_of_an_unknown_delivery_is_not_found,
];

/// A parked delivery; returns its id and last attempt.
async fn parked(case: &str, s: &Storage) -> (DeliveryId, i32) {
    let claim = enqueue_and_claim(case, s).await;
    let action = FailAction::Park("poison".to_owned());
    let done = s
        .webhooks
        .fail(claim.id, claim.attempt, "boom", action)
        .await
        .must(case, "fail");
    assert!(done, "{case}: fixture parked");
    (claim.id, claim.attempt)
}

/// "Deliveries in `state`, newest first (by id), with ids below `before` when given."
async fn list_shows_a_state_newest_first_below_before(case: &'static str, s: Storage) {
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            s.webhooks
                .enqueue(b"{}".to_vec())
                .await
                .must(case, "enqueue"),
        );
    }
    let above = Some(DeliveryId::new(ids[2].get() + 1));
    let listed = s
        .webhooks
        .list(DeliveryState::Queued, above, 3)
        .await
        .must(case, "list");
    let listed: Vec<DeliveryId> = listed.iter().map(|r| r.id).collect();
    assert_eq!(listed, vec![ids[2], ids[1], ids[0]], "{case}: newest first");
    let below = s
        .webhooks
        .list(DeliveryState::Queued, Some(ids[2]), 1)
        .await
        .must(case, "list");
    assert_eq!(
        below.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![ids[1]],
        "{case}: strictly below `before`, limited"
    );
    let other = s
        .webhooks
        .list(DeliveryState::Parked, above, 100)
        .await
        .must(case, "list");
    assert!(
        other.iter().all(|r| !ids.contains(&r.id)),
        "{case}: only the asked state"
    );
}

/// A delivery brought to `state` (not `Queued`), after no other ready delivery was stored.
async fn delivery_in(case: &str, s: &Storage, state: DeliveryState) -> DeliveryId {
    let claim = enqueue_and_claim(case, s).await;
    let moved = match state {
        DeliveryState::Done => {
            s.webhooks
                .apply(claim.id, claim.attempt, &batch(Vec::new()))
                .await
                .must(case, "apply")
                .applied
        }
        DeliveryState::Parked => s
            .webhooks
            .fail(
                claim.id,
                claim.attempt,
                "boom",
                FailAction::Park("poison".to_owned()),
            )
            .await
            .must(case, "park"),
        // Not ready again within the case, so the next claim takes the next delivery.
        DeliveryState::Retry => s
            .webhooks
            .fail(
                claim.id,
                claim.attempt,
                "boom",
                FailAction::RetryAfter(Duration::from_secs(3_600)),
            )
            .await
            .must(case, "retry"),
        DeliveryState::Running | DeliveryState::Queued => true,
    };
    assert!(moved, "{case}: fixture {state:?}");
    claim.id
}

/// "Deliveries in `state`, newest first (by id)": for each state, only that state's deliveries
/// (each state is read through its own index in PostgreSQL).
async fn list_shows_every_state_with_only_its_deliveries(case: &'static str, s: Storage) {
    let held = [
        DeliveryState::Done,
        DeliveryState::Parked,
        DeliveryState::Retry,
        DeliveryState::Running,
    ];
    let mut expected: Vec<(DeliveryState, Vec<DeliveryId>)> =
        held.iter().map(|state| (*state, Vec::new())).collect();
    for _ in 0..2 {
        for (state, ids) in &mut expected {
            ids.insert(0, delivery_in(case, &s, *state).await);
        }
    }
    let mut queued = Vec::new();
    for _ in 0..2 {
        let id = s
            .webhooks
            .enqueue(b"{}".to_vec())
            .await
            .must(case, "enqueue");
        queued.insert(0, id);
    }
    expected.push((DeliveryState::Queued, queued));
    let ours: Vec<DeliveryId> = expected.iter().flat_map(|(_, ids)| ids.clone()).collect();
    for (state, ids) in &expected {
        let listed = s.webhooks.list(*state, None, 100).await.must(case, "list");
        assert!(
            listed.iter().all(|r| r.state == *state),
            "{case}: {state:?} lists only {state:?}"
        );
        let listed: Vec<DeliveryId> = listed
            .iter()
            .map(|r| r.id)
            .filter(|id| ours.contains(id))
            .collect();
        assert_eq!(&listed, ids, "{case}: {state:?}, newest first");
    }
}

/// "Puts a parked delivery back in the queue (`queued`, runnable now, attempts kept)."
async fn requeue_puts_a_parked_delivery_back_with_its_attempts(case: &'static str, s: Storage) {
    let (id, attempt) = parked(case, &s).await;
    let record = s.webhooks.requeue(id).await.must(case, "requeue");
    assert_eq!(record.id, id);
    assert_eq!(record.state, DeliveryState::Queued, "{case}: queued");
    assert_eq!(record.attempt, attempt, "{case}: attempts kept");
    assert_eq!(record.parked_reason, None, "{case}: no longer parked");
    let claim = claim_exactly(case, &s, id, LONG_LEASE).await;
    assert_eq!(claim.attempt, attempt + 1, "{case}: runnable now");
}

/// "`Conflict` (entity "delivery") when it is not parked."
async fn requeue_of_a_delivery_that_is_not_parked_is_a_conflict(case: &'static str, s: Storage) {
    let queued = s
        .webhooks
        .enqueue(b"{}".to_vec())
        .await
        .must(case, "enqueue");
    assert_conflict(case, "delivery", s.webhooks.requeue(queued).await);
    let claim = claim_exactly(case, &s, queued, LONG_LEASE).await;
    assert_conflict(case, "delivery", s.webhooks.requeue(queued).await);
    let outcome = s
        .webhooks
        .apply(claim.id, claim.attempt, &batch(Vec::new()))
        .await
        .must(case, "apply");
    assert!(outcome.applied, "{case}: an empty batch applies");
    assert_conflict(case, "delivery", s.webhooks.requeue(queued).await);
    let (parked, _) = parked(case, &s).await;
    s.webhooks.requeue(parked).await.must(case, "requeue");
    assert_conflict(case, "delivery", s.webhooks.requeue(parked).await);
}

/// "`NotFound` (entity "delivery") when there is no such delivery."
async fn requeue_of_an_unknown_delivery_is_not_found(case: &'static str, s: Storage) {
    let unknown = DeliveryId::new(i64::MAX - 7);
    assert_not_found(case, "delivery", s.webhooks.requeue(unknown).await);
}
