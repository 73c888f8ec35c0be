//! `WebhookQueue::enqueue_many`: several deliveries stored in one atomic step, in order.

use inbox_domain::RepoError;
use inbox_domain::ports::{DeliveryState, Storage};

use super::world::{LONG_LEASE, state_of};
use crate::contract::fixtures::Must;

crate::contract::cases![
    enqueue_many_stores_every_body_as_queued_in_order,
    enqueue_many_of_no_bodies_stores_nothing,
    enqueue_many_with_a_body_over_the_limit_stores_none_of_them,
];

/// "Stores several raw deliveries durably ..., each as `queued` ... Returns their ids in the
/// order of `bodies`, which is also the order they are claimed in."
async fn enqueue_many_stores_every_body_as_queued_in_order(case: &'static str, s: Storage) {
    let bodies: Vec<Vec<u8>> = ["{\"n\":1}", "{\"n\":2,\"name\":\"Zoë ☕\"}", "{\"n\":3}"]
        .iter()
        .map(|b| b.as_bytes().to_vec())
        .collect();
    let ids = s
        .webhooks
        .enqueue_many(&bodies)
        .await
        .must(case, "enqueue_many");
    assert_eq!(ids.len(), bodies.len(), "{case}: one id per body");
    assert!(
        ids.windows(2).all(|pair| pair[0].get() < pair[1].get()),
        "{case}: ids follow the order of the bodies: {ids:?}"
    );
    for &id in &ids {
        assert_eq!(
            state_of(case, &s, id).await,
            DeliveryState::Queued,
            "{case}: stored as queued"
        );
    }
    let claims = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert_eq!(
        claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        ids,
        "{case}: claimed in the order given"
    );
    for (claim, body) in claims.iter().zip(&bodies) {
        assert_eq!(
            &claim.body, body,
            "{case}: each body comes back byte for byte"
        );
    }
}

/// "No bodies store nothing and return no ids."
async fn enqueue_many_of_no_bodies_stores_nothing(case: &'static str, s: Storage) {
    let ids = s
        .webhooks
        .enqueue_many(&[])
        .await
        .must(case, "enqueue_many");
    assert!(ids.is_empty(), "{case}: no ids");
    let claims = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert!(claims.is_empty(), "{case}: nothing to claim");
}

/// "`Invalid` (entity "delivery") when a body is over the storage's size limit (16 MiB)" and
/// "on an error, none of them is" (committed).
async fn enqueue_many_with_a_body_over_the_limit_stores_none_of_them(
    case: &'static str,
    s: Storage,
) {
    let bodies = vec![
        b"{}".to_vec(),
        vec![b' '; 16 * 1024 * 1024 + 1],
        b"{}".to_vec(),
    ];
    let result = s.webhooks.enqueue_many(&bodies).await;
    assert!(
        matches!(
            result,
            Err(RepoError::Invalid {
                entity: "delivery",
                ..
            })
        ),
        "{case}: Invalid(delivery), got {result:?}"
    );
    let claims = s.webhooks.claim(10, LONG_LEASE).await.must(case, "claim");
    assert!(
        claims.is_empty(),
        "{case}: none of the batch was stored, got {} claims",
        claims.len()
    );
}
