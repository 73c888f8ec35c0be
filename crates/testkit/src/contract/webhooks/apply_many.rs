//! `WebhookQueue::apply_many`: several claimed deliveries applied as `apply` applies each.

use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{ClaimedBatch, DeliveryState, Storage};

use super::batch::{batch, change, text, wamid_of};
use super::world::{LONG_LEASE, messages, state_of, thread};
use crate::contract::fixtures::{Must, account, wa_id};

crate::contract::cases![
    apply_many_applies_each_delivery_as_apply_would_in_order,
    apply_many_with_a_lost_lease_changes_nothing_for_that_delivery,
    apply_many_of_no_items_applies_nothing,
];

/// Stores and claims `n` deliveries; their claims, oldest first.
async fn claimed(case: &str, s: &Storage, n: usize) -> Vec<inbox_domain::ports::Claim> {
    let bodies = vec![b"{}".to_vec(); n];
    let ids = s
        .webhooks
        .enqueue_many(&bodies)
        .await
        .must(case, "enqueue_many");
    let claims = s
        .webhooks
        .claim(n as u32, LONG_LEASE)
        .await
        .must(case, "claim");
    assert_eq!(
        claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        ids,
        "{case}: the claims are the deliveries just stored"
    );
    claims
}

/// "Applies several claimed deliveries, each exactly as `apply` would ..., in the order given,
/// and returns one result per item in that order."
async fn apply_many_applies_each_delivery_as_apply_would_in_order(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let claims = claimed(case, &s, 2).await;
    let wamids = [wamid_of("many-0"), wamid_of("many-1")];
    let items: Vec<ClaimedBatch> = claims
        .iter()
        .enumerate()
        .map(|(i, claim)| {
            let mut c = change(&shop.phone_number_id);
            let seconds = i as i64 + 1;
            c.messages = vec![text(&customer, &wamids[i], seconds, "hi")];
            ClaimedBatch {
                id: claim.id,
                attempt: claim.attempt,
                batch: batch(vec![c]),
            }
        })
        .collect();

    let results = s.webhooks.apply_many(&items).await.must(case, "apply_many");

    assert_eq!(results.len(), 2, "{case}: one result per item");
    for (result, item) in results.into_iter().zip(&items) {
        let outcome = result.must(case, "an item's outcome");
        assert!(outcome.applied, "{case}: applied");
        assert_eq!(
            outcome
                .events
                .iter()
                .filter(|e| matches!(e, InboxEvent::MessageReceived { .. }))
                .count(),
            1,
            "{case}: each item reports its own new message"
        );
        assert_eq!(
            state_of(case, &s, item.id).await,
            DeliveryState::Done,
            "{case}: marked done like apply does"
        );
    }
    let thread = thread(case, &s, shop.id, &customer).await;
    let stored = messages(case, &s, thread.conversation.id).await;
    assert_eq!(
        stored.iter().map(|m| m.wamid.clone()).collect::<Vec<_>>(),
        vec![Some(wamids[0].clone()), Some(wamids[1].clone())],
        "{case}: both messages stored once"
    );
    assert_eq!(
        thread.conversation.unread_count, 2,
        "{case}: unread once each"
    );
}

/// "... same fencing ...": an item whose attempt no longer holds the lease changes nothing and
/// reports `applied` false; the others are applied.
async fn apply_many_with_a_lost_lease_changes_nothing_for_that_delivery(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let claims = claimed(case, &s, 2).await;
    let wamids = [wamid_of("fenced-0"), wamid_of("fenced-1")];
    let item = |i: usize, attempt: i32| {
        let mut c = change(&shop.phone_number_id);
        c.messages = vec![text(&customer, &wamids[i], i as i64 + 1, "hi")];
        ClaimedBatch {
            id: claims[i].id,
            attempt,
            batch: batch(vec![c]),
        }
    };
    let items = vec![item(0, claims[0].attempt + 1), item(1, claims[1].attempt)];

    let results = s.webhooks.apply_many(&items).await.must(case, "apply_many");

    let outcomes: Vec<bool> = results
        .into_iter()
        .map(|r| r.must(case, "an item's outcome").applied)
        .collect();
    assert_eq!(
        outcomes,
        vec![false, true],
        "{case}: only the held lease applies"
    );
    assert_eq!(
        state_of(case, &s, claims[0].id).await,
        DeliveryState::Running,
        "{case}: the fenced delivery is untouched"
    );
    let thread = thread(case, &s, shop.id, &customer).await;
    let stored = messages(case, &s, thread.conversation.id).await;
    assert_eq!(
        stored.iter().map(|m| m.wamid.clone()).collect::<Vec<_>>(),
        vec![Some(wamids[1].clone())],
        "{case}: nothing of the fenced delivery was stored"
    );
}

/// "No items apply nothing and return no results."
async fn apply_many_of_no_items_applies_nothing(case: &'static str, s: Storage) {
    let results = s.webhooks.apply_many(&[]).await.must(case, "apply_many");
    assert!(results.is_empty(), "{case}: no results");
}
