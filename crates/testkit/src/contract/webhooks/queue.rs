//! `WebhookQueue` as a queue: enqueue, claims oldest first and never shared, retries, parking.

use std::collections::HashSet;
use std::time::Duration;

use futures::future::join_all;
use inbox_domain::ports::{DeliveryId, DeliveryState, FailAction, Storage};

use super::world::{LONG_LEASE, claim_exactly, enqueue_and_claim, state_of};
use crate::contract::fixtures::Must;

crate::contract::cases![
    enqueue_stores_the_body_as_queued,
    claim_takes_the_oldest_first_as_running_with_the_next_attempt,
    concurrent_claims_never_share_a_delivery,
    fail_with_a_delay_retries_after_it,
    fail_with_park_keeps_the_reason_and_stops_claims,
];

/// "Stores a raw delivery durably ... as `queued`"; the claim returns "the body exactly as
/// Meta sent it".
async fn enqueue_stores_the_body_as_queued(case: &'static str, s: Storage) {
    let body = "{\"entry\":[{\"name\":\"Zoë ☕\"}]}\n".as_bytes().to_vec();
    let id = s.webhooks.enqueue(body.clone()).await.must(case, "enqueue");
    let listed = s
        .webhooks
        .list(
            DeliveryState::Queued,
            Some(DeliveryId::new(id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the queued delivery");
    assert_eq!(record.id, id, "{case}: listed as queued");
    assert_eq!(record.attempt, 0, "{case}: no attempt yet");
    assert_eq!(record.size_bytes, body.len() as i64, "{case}: size");
    assert!(record.run_at <= record.received_at + time::Duration::seconds(1));
    let claim = claim_exactly(case, &s, id, LONG_LEASE).await;
    assert_eq!(
        claim.body, body,
        "{case}: the body comes back byte for byte"
    );
    assert_eq!(claim.received_at, record.received_at, "{case}: received_at");
}

/// "Claims up to `max` ready deliveries ..., oldest first, ...: each becomes `running` ...
/// with its attempt number increased by one."
async fn claim_takes_the_oldest_first_as_running_with_the_next_attempt(
    case: &'static str,
    s: Storage,
) {
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            s.webhooks
                .enqueue(b"{}".to_vec())
                .await
                .must(case, "enqueue"),
        );
    }
    let first = s.webhooks.claim(2, LONG_LEASE).await.must(case, "claim");
    assert_eq!(
        first.iter().map(|c| c.id).collect::<Vec<_>>(),
        ids[..2].to_vec(),
        "{case}: the two oldest, in order"
    );
    assert!(first.iter().all(|c| c.attempt == 1), "{case}: attempt 1");
    assert_eq!(state_of(case, &s, ids[0]).await, DeliveryState::Running);
    let rest = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert_eq!(rest.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[2]]);
    let none = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert!(
        none.is_empty(),
        "{case}: running deliveries are not claimed again"
    );
}

/// "... skipping those other workers hold": concurrent claimers never get the same delivery.
async fn concurrent_claims_never_share_a_delivery(case: &'static str, s: Storage) {
    let mut ids = HashSet::new();
    for _ in 0..12 {
        ids.insert(
            s.webhooks
                .enqueue(b"{}".to_vec())
                .await
                .must(case, "enqueue"),
        );
    }
    let claimers = (0..4).map(|_| {
        let s = s.clone();
        tokio::spawn(async move { s.webhooks.claim(3, LONG_LEASE).await })
    });
    let mut seen = HashSet::new();
    for result in join_all(claimers).await {
        for claim in result.must(case, "join").must(case, "claim") {
            assert!(seen.insert(claim.id), "{case}: {} claimed twice", claim.id);
        }
    }
    for claim in s.webhooks.claim(100, LONG_LEASE).await.must(case, "claim") {
        assert!(seen.insert(claim.id), "{case}: {} claimed twice", claim.id);
    }
    assert!(
        ids.is_subset(&seen),
        "{case}: every delivery was claimed once"
    );
}

/// "Records a failed attempt: back to `retry` after a delay".
async fn fail_with_a_delay_retries_after_it(case: &'static str, s: Storage) {
    let claim = enqueue_and_claim(case, &s).await;
    let delay = Duration::from_millis(300);
    let failed = s
        .webhooks
        .fail(
            claim.id,
            claim.attempt,
            "database said no",
            FailAction::RetryAfter(delay),
        )
        .await
        .must(case, "fail");
    assert!(failed, "{case}: the holder may fail its attempt");
    let listed = s
        .webhooks
        .list(
            DeliveryState::Retry,
            Some(DeliveryId::new(claim.id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the retried delivery");
    assert_eq!(record.id, claim.id);
    assert_eq!(record.last_error.as_deref(), Some("database said no"));
    let early = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert!(
        early.iter().all(|c| c.id != claim.id),
        "{case}: not before its time"
    );
    tokio::time::sleep(delay + Duration::from_millis(100)).await;
    let again = claim_exactly(case, &s, claim.id, LONG_LEASE).await;
    assert_eq!(again.attempt, claim.attempt + 1, "{case}: the next attempt");
}

/// "... or `parked` with a reason."
async fn fail_with_park_keeps_the_reason_and_stops_claims(case: &'static str, s: Storage) {
    let claim = enqueue_and_claim(case, &s).await;
    let parked = s
        .webhooks
        .fail(
            claim.id,
            claim.attempt,
            "not JSON",
            FailAction::Park("unreadable".to_owned()),
        )
        .await
        .must(case, "fail");
    assert!(parked, "{case}: parked");
    let listed = s
        .webhooks
        .list(
            DeliveryState::Parked,
            Some(DeliveryId::new(claim.id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the parked delivery");
    assert_eq!(record.id, claim.id);
    assert_eq!(record.parked_reason.as_deref(), Some("unreadable"));
    assert_eq!(record.last_error.as_deref(), Some("not JSON"));
    let claims = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert!(
        claims.iter().all(|c| c.id != claim.id),
        "{case}: parked is not claimed"
    );
}
