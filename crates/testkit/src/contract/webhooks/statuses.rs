//! `WebhookQueue::apply` on statuses: forward only, errors kept, early statuses wait.

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::StatusReport;
use inbox_domain::ports::Storage;
use inbox_domain::{Account, Message, MessageStatus};

use super::batch::{batch, change, failed, status, undeliverable, wamid_of};
use super::world::{by_wamid, deliver, sent};
use crate::contract::fixtures::{Must, account, conversation_of};

crate::contract::cases![
    statuses_never_move_a_message_backwards,
    failed_keeps_meta_error_and_delivery_evidence_wins,
    a_status_before_its_message_is_applied_when_the_message_arrives,
    played_counts_as_read_and_unknown_values_change_nothing,
    a_status_for_another_accounts_message_changes_nothing,
];

/// Delivers `statuses` on `shop`'s number; the status events it produced.
async fn report(
    case: &str,
    s: &Storage,
    shop: &Account,
    statuses: Vec<StatusReport>,
) -> Vec<InboxEvent> {
    let mut change = change(&shop.phone_number_id);
    change.statuses = statuses;
    deliver(case, s, &batch(vec![change]))
        .await
        .events
        .into_iter()
        .filter(|e| matches!(e, InboxEvent::MessageStatusChanged { .. }))
        .collect()
}

/// A shop and one of its sent messages.
async fn shop_with_sent(case: &str, s: &Storage) -> (Account, Message) {
    let shop = account(s).await;
    let thread = conversation_of(s, shop.id).await;
    let message = sent(case, s, thread.id, &wamid_of("out"), 10).await;
    (shop, message)
}

async fn reread(case: &str, s: &Storage, message: &Message) -> Message {
    s.messages.get(message.id).await.must(case, "get")
}

/// "statuses moved forward only": read, then a late delivered and sent, stays read; each change
/// is one event.
async fn statuses_never_move_a_message_backwards(case: &'static str, s: Storage) {
    let (shop, message) = shop_with_sent(case, &s).await;
    let wamid = message.wamid.clone().must(case, "wamid");
    let events = report(case, &s, &shop, vec![status(&wamid, "read", 30)]).await;
    assert_eq!(
        events,
        vec![InboxEvent::MessageStatusChanged {
            account_id: shop.id,
            conversation_id: message.conversation_id,
            message_id: message.id,
            status: MessageStatus::Read,
        }],
        "{case}: one event for the move"
    );
    let late = vec![status(&wamid, "delivered", 20), status(&wamid, "sent", 10)];
    let events = report(case, &s, &shop, late).await;
    assert!(events.is_empty(), "{case}: stale statuses announce nothing");
    assert_eq!(reread(case, &s, &message).await.status, MessageStatus::Read);
    let again = report(case, &s, &shop, vec![status(&wamid, "read", 30)]).await;
    assert!(
        again.is_empty(),
        "{case}: a repeated status announces nothing"
    );
}

/// "failed keeps Meta's error code, title and details"; delivery evidence wins over a failure.
async fn failed_keeps_meta_error_and_delivery_evidence_wins(case: &'static str, s: Storage) {
    let (shop, message) = shop_with_sent(case, &s).await;
    let wamid = message.wamid.clone().must(case, "wamid");
    report(case, &s, &shop, vec![failed(&wamid, 20)]).await;
    let stored = reread(case, &s, &message).await;
    assert_eq!(stored.status, MessageStatus::Failed, "{case}: failed");
    assert_eq!(
        stored.error,
        Some(undeliverable()),
        "{case}: Meta's error kept"
    );
    report(case, &s, &shop, vec![status(&wamid, "delivered", 30)]).await;
    let stored = reread(case, &s, &message).await;
    assert_eq!(
        stored.status,
        MessageStatus::Delivered,
        "{case}: evidence wins"
    );
    assert_eq!(
        stored.error, None,
        "{case}: the error goes with the failure"
    );
    report(case, &s, &shop, vec![failed(&wamid, 40)]).await;
    assert_eq!(
        reread(case, &s, &message).await.status,
        MessageStatus::Delivered
    );
}

/// "a status for an unknown wamid is kept and applied when a message with that wamid is stored".
async fn a_status_before_its_message_is_applied_when_the_message_arrives(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let thread = conversation_of(&s, shop.id).await;
    let early = wamid_of("early");
    let events = report(
        case,
        &s,
        &shop,
        vec![status(&early, "delivered", 20), status(&early, "read", 30)],
    )
    .await;
    assert!(events.is_empty(), "{case}: nothing to announce yet");
    report(case, &s, &shop, vec![status(&early, "read", 30)]).await;
    let message = sent(case, &s, thread.id, &early, 10).await;
    assert_eq!(
        message.status,
        MessageStatus::Read,
        "{case}: applied on arrival"
    );
    assert_eq!(reread(case, &s, &message).await.status, MessageStatus::Read);
    let failing = wamid_of("early-failure");
    report(case, &s, &shop, vec![failed(&failing, 20)]).await;
    let message = sent(case, &s, thread.id, &failing, 11).await;
    let stored = by_wamid(case, &s, thread.id, &failing).await;
    assert_eq!(
        stored.status,
        MessageStatus::Failed,
        "{case}: failure applied"
    );
    assert_eq!(
        stored.error,
        Some(undeliverable()),
        "{case}: with its error"
    );
    assert_eq!(message.id, stored.id);
}

/// `played` is evidence of `read`; values the lattice does not know move nothing.
async fn played_counts_as_read_and_unknown_values_change_nothing(case: &'static str, s: Storage) {
    let (shop, message) = shop_with_sent(case, &s).await;
    let wamid = message.wamid.clone().must(case, "wamid");
    report(case, &s, &shop, vec![status(&wamid, "deleted", 20)]).await;
    assert_eq!(reread(case, &s, &message).await.status, MessageStatus::Sent);
    report(case, &s, &shop, vec![status(&wamid, "played", 30)]).await;
    assert_eq!(reread(case, &s, &message).await.status, MessageStatus::Read);
}

/// A status routed through one account's number never touches another account's message.
async fn a_status_for_another_accounts_message_changes_nothing(case: &'static str, s: Storage) {
    let (_, message) = shop_with_sent(case, &s).await;
    let other = account(&s).await;
    let wamid = message.wamid.clone().must(case, "wamid");
    let events = report(case, &s, &other, vec![status(&wamid, "read", 30)]).await;
    assert!(events.is_empty(), "{case}: no event");
    assert_eq!(reread(case, &s, &message).await.status, MessageStatus::Sent);
}
