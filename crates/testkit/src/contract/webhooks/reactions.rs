//! `WebhookQueue::apply` on reactions: set, replaced, removed, ordered by Meta's time.

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::InboundMessage;
use inbox_domain::ports::Storage;
use inbox_domain::{Account, Direction, MessageKind, WaId};

use super::batch::meta_time;
use super::batch::{batch, change, reaction, wamid_of};
use super::world::{deliver, messages, sent, thread};
use crate::contract::fixtures::{Must, account, micros, wa_id};

crate::contract::cases![
    a_reaction_is_set_replaced_and_removed_on_the_message,
    an_older_reaction_never_overwrites_a_newer_one,
    a_reaction_to_an_unknown_message_is_kept_as_a_message,
];

/// Delivers one reaction message; the events it produced.
async fn react(
    case: &str,
    s: &Storage,
    shop: &Account,
    message: InboundMessage,
) -> Vec<InboxEvent> {
    let mut change = change(&shop.phone_number_id);
    change.messages.push(message);
    deliver(case, s, &batch(vec![change])).await.events
}

/// The customer's emoji on the message `id`, if any.
async fn emoji_on(case: &str, s: &Storage, id: inbox_domain::MessageId) -> Option<String> {
    let message = s.messages.get(id).await.must(case, "get");
    let mut inbound = message
        .reactions
        .iter()
        .filter(|r| r.direction == Direction::Inbound);
    let found = inbound.next().map(|r| r.emoji.clone());
    assert!(inbound.next().is_none(), "{case}: one reaction per side");
    found
}

/// A shop, its customer, and a message the shop sent them.
async fn setup(case: &str, s: &Storage) -> (Account, WaId, inbox_domain::Message) {
    let shop = account(s).await;
    let customer = wa_id();
    let contact = s
        .contacts
        .upsert_by_wa_id(shop.id, &customer, None)
        .await
        .must(case, "contact");
    let thread = s
        .conversations
        .open(shop.id, contact.id)
        .await
        .must(case, "open");
    let message = sent(case, s, thread.id, &wamid_of("ours"), 0).await;
    (shop, customer, message)
}

/// "reactions set, replaced or removed on the reacted-to message": one reaction per side, an
/// event for each change, and no timeline message.
async fn a_reaction_is_set_replaced_and_removed_on_the_message(case: &'static str, s: Storage) {
    let (shop, customer, ours) = setup(case, &s).await;
    let target = ours.wamid.clone().must(case, "wamid");
    let changed = InboxEvent::ReactionChanged {
        account_id: shop.id,
        conversation_id: ours.conversation_id,
        message_id: ours.id,
    };
    let events = react(
        case,
        &s,
        &shop,
        reaction(&customer, &wamid_of("r1"), 10, &target, Some("👍")),
    )
    .await;
    assert!(events.contains(&changed), "{case}: set is announced");
    assert_eq!(emoji_on(case, &s, ours.id).await.as_deref(), Some("👍"));
    let stored = s.messages.get(ours.id).await.must(case, "get");
    assert_eq!(
        stored.reactions[0].reacted_at,
        micros(meta_time(10)),
        "{case}: Meta's time"
    );
    react(
        case,
        &s,
        &shop,
        reaction(&customer, &wamid_of("r2"), 20, &target, Some("❤️")),
    )
    .await;
    assert_eq!(
        emoji_on(case, &s, ours.id).await.as_deref(),
        Some("❤️"),
        "{case}: replaced"
    );
    let events = react(
        case,
        &s,
        &shop,
        reaction(&customer, &wamid_of("r3"), 30, &target, None),
    )
    .await;
    assert!(events.contains(&changed), "{case}: removal is announced");
    assert_eq!(emoji_on(case, &s, ours.id).await, None, "{case}: removed");
    let summary = thread(case, &s, shop.id, &customer).await;
    let timeline = messages(case, &s, summary.conversation.id).await;
    assert_eq!(
        timeline.len(),
        1,
        "{case}: reactions are not timeline messages"
    );
    assert_eq!(summary.conversation.unread_count, 0, "{case}: nor unread");
}

/// The newest reaction by Meta's time wins, removals included: replays and reordered
/// deliveries end the same way.
async fn an_older_reaction_never_overwrites_a_newer_one(case: &'static str, s: Storage) {
    let (shop, customer, ours) = setup(case, &s).await;
    let target = ours.wamid.clone().must(case, "wamid");
    let newest = reaction(&customer, &wamid_of("new"), 30, &target, Some("😀"));
    let older = reaction(&customer, &wamid_of("old"), 10, &target, Some("👍"));
    let removed = reaction(&customer, &wamid_of("gone"), 20, &target, None);
    react(case, &s, &shop, newest.clone()).await;
    let events = react(case, &s, &shop, older).await;
    assert!(events.is_empty(), "{case}: an older set changes nothing");
    react(case, &s, &shop, removed.clone()).await;
    assert_eq!(
        emoji_on(case, &s, ours.id).await.as_deref(),
        Some("😀"),
        "{case}: kept"
    );
    let later_removal = reaction(&customer, &wamid_of("gone2"), 40, &target, None);
    react(case, &s, &shop, later_removal).await;
    let events = react(case, &s, &shop, newest).await;
    assert!(
        events.is_empty(),
        "{case}: a replay after a removal changes nothing"
    );
    assert_eq!(
        emoji_on(case, &s, ours.id).await,
        None,
        "{case}: still removed"
    );
}

/// "a reaction to a message we do not know is stored as a message of kind `reaction`".
async fn a_reaction_to_an_unknown_message_is_kept_as_a_message(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let unknown = wamid_of("never-seen");
    let kept = reaction(&customer, &wamid_of("orphan"), 10, &unknown, Some("🔥"));
    let events = react(case, &s, &shop, kept.clone()).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, InboxEvent::MessageReceived { .. })),
        "{case}: kept as a new message"
    );
    let summary = thread(case, &s, shop.id, &customer).await;
    let timeline = messages(case, &s, summary.conversation.id).await;
    let stored = timeline.first().must(case, "the kept reaction");
    assert_eq!(stored.kind, MessageKind::Reaction, "{case}: kind reaction");
    assert_eq!(
        stored.wamid.as_ref(),
        Some(&kept.wamid),
        "{case}: its own wamid"
    );
    assert_eq!(stored.payload, kept.payload, "{case}: what Meta sent");
}
