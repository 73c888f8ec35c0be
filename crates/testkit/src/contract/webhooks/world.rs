//! Helpers of the webhook cases: deliver a batch through the queue, find what it stored.

use std::time::Duration;

use inbox_domain::inbound::WebhookBatch;
use inbox_domain::ports::{ApplyOutcome, Claim, DeliveryId, DeliveryState, Storage};
use inbox_domain::{
    AccountId, ConversationId, ConversationSummary, Message, MessageStatus, PageLimit, WaId, Wamid,
};

use crate::contract::fixtures::{Must, outbound};

/// A lease no case outlives.
pub const LONG_LEASE: Duration = Duration::from_secs(3_600);

/// Stores a delivery and claims it; fails `case` when the claim is not this delivery.
pub async fn enqueue_and_claim(case: &str, s: &Storage) -> Claim {
    let id = s
        .webhooks
        .enqueue(b"{\"object\":\"whatsapp_business_account\"}".to_vec())
        .await
        .must(case, "enqueue");
    claim_exactly(case, s, id, LONG_LEASE).await
}

/// Claims one delivery with `lease`; fails `case` unless it is `id`.
pub async fn claim_exactly(case: &str, s: &Storage, id: DeliveryId, lease: Duration) -> Claim {
    let mut claims = s.webhooks.claim(1, lease).await.must(case, "claim");
    assert_eq!(
        claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![id],
        "{case}: the claim takes the delivery just stored"
    );
    claims.pop().must(case, "the claim")
}

/// Stores, claims and applies `batch`, as a worker does; fails `case` when it is not applied.
pub async fn deliver(case: &str, s: &Storage, batch: &WebhookBatch) -> ApplyOutcome {
    let claim = enqueue_and_claim(case, s).await;
    let outcome = s
        .webhooks
        .apply(claim.id, claim.attempt, batch)
        .await
        .must(case, "apply");
    assert!(outcome.applied, "{case}: a held lease applies");
    outcome
}

/// The state of delivery `id` as `list` shows it.
pub async fn state_of(case: &str, s: &Storage, id: DeliveryId) -> DeliveryState {
    for state in [
        DeliveryState::Queued,
        DeliveryState::Running,
        DeliveryState::Retry,
        DeliveryState::Done,
        DeliveryState::Parked,
    ] {
        let before = DeliveryId::new(id.get() + 1);
        let listed = s
            .webhooks
            .list(state, Some(before), 1)
            .await
            .must(case, "list");
        if listed.first().is_some_and(|r| r.id == id) {
            return state;
        }
    }
    panic!("{case}: delivery {id} is listed in no state")
}

/// The conversation of `account` with the customer `wa_id`.
pub async fn thread(
    case: &str,
    s: &Storage,
    account: AccountId,
    wa_id: &WaId,
) -> ConversationSummary {
    let limit = PageLimit::parse(Some(100)).must(case, "page limit");
    let page = s
        .conversations
        .list(account, None, limit)
        .await
        .must(case, "list conversations");
    page.items
        .into_iter()
        .find(|c| c.contact.wa_id.as_ref() == Some(wa_id))
        .must(case, "the customer's conversation")
}

/// Every message of a conversation (up to 100), oldest first.
pub async fn messages(case: &str, s: &Storage, conversation: ConversationId) -> Vec<Message> {
    let limit = PageLimit::parse(Some(100)).must(case, "page limit");
    let mut items = s
        .messages
        .page(conversation, None, limit)
        .await
        .must(case, "page messages")
        .items;
    items.reverse();
    items
}

/// The message with `wamid` in a conversation.
pub async fn by_wamid(
    case: &str,
    s: &Storage,
    conversation: ConversationId,
    wamid: &Wamid,
) -> Message {
    messages(case, s, conversation)
        .await
        .into_iter()
        .find(|m| m.wamid.as_ref() == Some(wamid))
        .must(case, "the message with this wamid")
}

/// An outbound message of `conversation` that Meta accepted as `wamid` (status `sent`).
pub async fn sent(
    case: &str,
    s: &Storage,
    conversation: ConversationId,
    wamid: &Wamid,
    seconds: i64,
) -> Message {
    let mut new = outbound(conversation, seconds);
    new.wamid = Some(wamid.clone());
    new.status = MessageStatus::Sent;
    s.messages
        .append(new)
        .await
        .must(case, "append a sent message")
        .message
}
