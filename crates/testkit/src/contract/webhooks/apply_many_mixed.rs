//! `WebhookQueue::apply_many` on a group that mixes what workers meet in one claim: a new
//! message, its duplicate, statuses for known and unknown messages, a number of no account.

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::Change;
use inbox_domain::ports::{ApplyOutcome, ClaimedBatch, DeliveryState, Storage, UNKNOWN_ACCOUNT};
use inbox_domain::{MessageStatus, PhoneNumberId};

use super::batch::{batch, change, profile, status, text, wamid_of};
use super::world::{LONG_LEASE, messages, sent, state_of, thread};
use crate::contract::fixtures::{Must, account, conversation_of, digits, wa_id};

crate::contract::cases![apply_many_of_a_mixed_group_ends_each_delivery_as_apply_alone_would];

/// How many events of each kind an outcome carries: (received, status changed).
fn counts(outcome: &ApplyOutcome) -> (usize, usize) {
    let received = outcome
        .events
        .iter()
        .filter(|e| matches!(e, InboxEvent::MessageReceived { .. }))
        .count();
    let statuses = outcome
        .events
        .iter()
        .filter(|e| matches!(e, InboxEvent::MessageStatusChanged { .. }))
        .count();
    (received, statuses)
}

/// "Applies several claimed deliveries, each exactly as `apply` would (same fencing, same
/// effects, same outcome), in the order given": a new message, its duplicate (no event, no
/// unread bump), a status for a known message (one event), a status for a message not stored
/// yet (kept, applied when it arrives), a number of no account next to a known change (parked,
/// the known change applied).
async fn apply_many_of_a_mixed_group_ends_each_delivery_as_apply_alone_would(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let outgoing = conversation_of(&s, shop.id).await;
    let out = sent(case, &s, outgoing.id, &wamid_of("mixed-out"), 1).await;
    let out_wamid = out.wamid.clone().must(case, "wamid");
    let early = wamid_of("mixed-early");
    let new = wamid_of("mixed-new");
    let unknown = PhoneNumberId::parse(&digits(15)).must(case, "a number");
    let on_shop = |fill: &dyn Fn(&mut Change)| {
        let mut c = change(&shop.phone_number_id);
        fill(&mut c);
        c
    };
    let mut lost = change(&unknown);
    lost.messages
        .push(text(&customer, &wamid_of("mixed-lost"), 5, "hi"));
    let batches = vec![
        batch(vec![on_shop(&|c| {
            c.contacts.push(profile(&customer, "Ana"));
            c.messages.push(text(&customer, &new, 2, "hi"));
        })]),
        batch(vec![on_shop(&|c| {
            c.contacts.push(profile(&customer, "Ana"));
            c.messages.push(text(&customer, &new, 2, "hi"));
        })]),
        batch(vec![on_shop(&|c| {
            c.statuses.push(status(&out_wamid, "delivered", 20));
        })]),
        batch(vec![on_shop(&|c| {
            c.statuses.push(status(&early, "read", 21))
        })]),
        batch(vec![
            lost,
            on_shop(&|c| c.statuses.push(status(&out_wamid, "read", 22))),
        ]),
    ];
    let bodies = vec![b"{}".to_vec(); batches.len()];
    let ids = s
        .webhooks
        .enqueue_many(&bodies)
        .await
        .must(case, "enqueue_many");
    let claims = s
        .webhooks
        .claim(ids.len() as u32, LONG_LEASE)
        .await
        .must(case, "claim");
    assert_eq!(claims.len(), ids.len(), "{case}: every delivery claimed");
    let items: Vec<ClaimedBatch> = claims
        .iter()
        .zip(batches)
        .map(|(claim, batch)| ClaimedBatch {
            id: claim.id,
            attempt: claim.attempt,
            batch,
        })
        .collect();

    let results = s.webhooks.apply_many(&items).await.must(case, "apply_many");

    let outcomes: Vec<ApplyOutcome> = results
        .into_iter()
        .map(|r| r.must(case, "an item's outcome"))
        .collect();
    assert!(outcomes.iter().all(|o| o.applied), "{case}: all applied");
    assert_eq!(
        outcomes.iter().map(counts).collect::<Vec<_>>(),
        vec![(1, 0), (0, 0), (0, 1), (0, 0), (0, 1)],
        "{case}: (received, status) events per delivery"
    );
    assert_eq!(
        outcomes[4].unknown_numbers,
        vec![unknown],
        "{case}: reported"
    );
    assert_eq!(
        outcomes[4].parked_reason.as_deref(),
        Some(UNKNOWN_ACCOUNT),
        "{case}: parked reason"
    );
    assert_eq!(
        outcomes[4].accounts,
        vec![shop.id],
        "{case}: the known account"
    );
    assert!(
        outcomes[..4].iter().all(|o| !o.parked()),
        "{case}: only the unknown number parks"
    );
    let mut states = Vec::new();
    for item in &items {
        states.push(state_of(case, &s, item.id).await);
    }
    assert_eq!(
        states,
        vec![
            DeliveryState::Done,
            DeliveryState::Done,
            DeliveryState::Done,
            DeliveryState::Done,
            DeliveryState::Parked
        ],
        "{case}: each delivery's end"
    );
    let thread = thread(case, &s, shop.id, &customer).await;
    assert_eq!(thread.conversation.unread_count, 1, "{case}: unread once");
    assert_eq!(
        messages(case, &s, thread.conversation.id)
            .await
            .iter()
            .map(|m| m.wamid.clone())
            .collect::<Vec<_>>(),
        vec![Some(new)],
        "{case}: the message stored once"
    );
    let out = s.messages.get(out.id).await.must(case, "get");
    assert_eq!(
        out.status,
        MessageStatus::Read,
        "{case}: statuses applied in order"
    );
    let arrived = sent(case, &s, outgoing.id, &early, 3).await;
    assert_eq!(
        arrived.status,
        MessageStatus::Read,
        "{case}: the kept status applied on arrival"
    );
}
