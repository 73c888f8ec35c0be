//! `MessageRepo::set_reaction` and `remove_reaction`: the business's one reaction per message.

use inbox_domain::ports::Storage;
use inbox_domain::{Account, Conversation, DeleteScope, Direction, Message, MessageId, Reaction};

use super::action_fixtures::{delete, emoji, store};
use crate::contract::conversations::limit;
use crate::contract::fixtures::{
    Must, account, assert_invalid, assert_not_found, at, conversation, micros, outbound, wa_id,
};
use crate::contract::webhooks::batch::{batch, change, reaction, wamid_of};
use crate::contract::webhooks::world::{deliver, sent};

crate::contract::cases![
    set_reaction_stores_the_business_emoji_at_its_time,
    set_reaction_replaces_the_emoji_and_the_same_emoji_changes_nothing,
    business_reactions_leave_the_customers_reaction_alone,
    the_list_and_the_page_show_reactions_until_removed,
    remove_reaction_without_one_changes_nothing,
    set_reaction_refuses_a_deleted_message,
    reactions_on_an_unknown_message_are_not_found,
];

/// The business's reactions on `m`.
fn ours(m: &Message) -> Vec<&Reaction> {
    m.reactions
        .iter()
        .filter(|r| r.direction == Direction::Outbound)
        .collect()
}

/// "Sets the business's reaction on a message to `emoji` at `at`"; every read shows it.
async fn set_reaction_stores_the_business_emoji_at_its_time(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let message = store(case, &s, outbound(thread.id, 10)).await;
    let change = s
        .messages
        .set_reaction(message.id, emoji("🎉"), at(20))
        .await
        .must(case, "react");
    assert!(change.changed, "{case}: changed");
    assert_eq!(
        change.message.reactions,
        vec![Reaction {
            direction: Direction::Outbound,
            emoji: "🎉".to_owned(),
            reacted_at: micros(at(20)),
        }],
        "{case}: the business's reaction"
    );
    let read = s.messages.get(message.id).await.must(case, "get");
    assert_eq!(read, change.message, "{case}: get shows it");
}

/// "It replaces the business's earlier emoji ... The same emoji again changes nothing
/// (`changed = false`, the first `reacted_at` kept)."
async fn set_reaction_replaces_the_emoji_and_the_same_emoji_changes_nothing(
    case: &'static str,
    s: Storage,
) {
    let thread = conversation(&s).await;
    let message = store(case, &s, outbound(thread.id, 10)).await;
    s.messages
        .set_reaction(message.id, emoji("👍"), at(20))
        .await
        .must(case, "react");
    let replaced = s
        .messages
        .set_reaction(message.id, emoji("❤️"), at(30))
        .await
        .must(case, "react again");
    assert!(replaced.changed, "{case}: a new emoji changes");
    let shown: Vec<_> = ours(&replaced.message)
        .iter()
        .map(|r| (r.emoji.clone(), r.reacted_at))
        .collect();
    assert_eq!(
        shown,
        vec![("❤️".to_owned(), micros(at(30)))],
        "{case}: one, replaced"
    );
    let same = s
        .messages
        .set_reaction(message.id, emoji("❤️"), at(40))
        .await
        .must(case, "same emoji");
    assert!(!same.changed, "{case}: the same emoji changes nothing");
    assert_eq!(same.message, replaced.message, "{case}: reacted_at kept");
}

/// "The customer's reaction is untouched" by setting and removing the business's.
async fn business_reactions_leave_the_customers_reaction_alone(case: &'static str, s: Storage) {
    let shop: Account = account(&s).await;
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
    let message = sent(case, &s, thread.id, &wamid_of("ours"), 0).await;
    let target = message.wamid.clone().must(case, "wamid");
    let mut delivery = change(&shop.phone_number_id);
    delivery.messages.push(reaction(
        &customer,
        &wamid_of("theirs"),
        10,
        &target,
        Some("😀"),
    ));
    deliver(case, &s, &batch(vec![delivery])).await;
    s.messages
        .set_reaction(message.id, emoji("👍"), at(20))
        .await
        .must(case, "react");
    let both = s.messages.get(message.id).await.must(case, "get");
    let sides: Vec<_> = both
        .reactions
        .iter()
        .map(|r| (r.direction, r.emoji.as_str()))
        .collect();
    assert_eq!(
        sides,
        vec![(Direction::Inbound, "😀"), (Direction::Outbound, "👍")],
        "{case}: one per side, oldest first"
    );
    let removed = s
        .messages
        .remove_reaction(message.id)
        .await
        .must(case, "remove");
    assert!(removed.changed, "{case}: ours removed");
    let left: Vec<_> = removed
        .message
        .reactions
        .iter()
        .map(|r| (r.direction, r.emoji.as_str()))
        .collect();
    assert_eq!(
        left,
        vec![(Direction::Inbound, "😀")],
        "{case}: theirs stays"
    );
}

/// "Idempotent: without a business reaction it changes nothing and answers `changed = false`."
async fn remove_reaction_without_one_changes_nothing(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let message = store(case, &s, outbound(thread.id, 10)).await;
    let none = s
        .messages
        .remove_reaction(message.id)
        .await
        .must(case, "remove");
    assert!(!none.changed, "{case}: nothing to remove");
    assert_eq!(none.message, message, "{case}: the message is as it was");
    s.messages
        .set_reaction(message.id, emoji("👍"), at(20))
        .await
        .must(case, "react");
    let removed = s
        .messages
        .remove_reaction(message.id)
        .await
        .must(case, "remove");
    assert!(removed.changed, "{case}: removed");
    let again = s
        .messages
        .remove_reaction(message.id)
        .await
        .must(case, "remove again");
    assert!(!again.changed, "{case}: removing twice is a no-op");
    assert!(
        again.message.reactions.is_empty(),
        "{case}: no reaction left"
    );
}

/// "`Invalid` (entity "message", `ActionRefused::Deleted`) for a deleted message; nothing
/// changes."
async fn set_reaction_refuses_a_deleted_message(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let message = store(case, &s, outbound(thread.id, 10)).await;
    let deleted = delete(case, &s, message.id, DeleteScope::Me, 20)
        .await
        .message;
    let result = s
        .messages
        .set_reaction(message.id, emoji("👍"), at(30))
        .await;
    assert_invalid(case, "message", result);
    let read = s.messages.get(message.id).await.must(case, "get");
    assert_eq!(read, deleted, "{case}: nothing changes");
}

/// "`NotFound` (entity "message") when there is none", for setting and removing.
async fn reactions_on_an_unknown_message_are_not_found(case: &'static str, s: Storage) {
    conversation(&s).await;
    let unknown = MessageId::generate();
    let set = s.messages.set_reaction(unknown, emoji("👍"), at(10)).await;
    assert_not_found(case, "message", set);
    assert_not_found(case, "message", s.messages.remove_reaction(unknown).await);
}

/// "Every read shows it": the conversation list's newest message and the message page carry
/// the reaction, and neither does once it is removed.
async fn the_list_and_the_page_show_reactions_until_removed(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let message = store(case, &s, outbound(thread.id, 10)).await;
    let reacted = s
        .messages
        .set_reaction(message.id, emoji("👍"), at(20))
        .await
        .must(case, "react");
    let (newest, page) = reads(case, &s, &thread).await;
    assert_eq!(
        newest, reacted.message,
        "{case}: the list shows the reaction"
    );
    assert_eq!(page, vec![reacted.message], "{case}: the page shows it");
    let removed = s
        .messages
        .remove_reaction(message.id)
        .await
        .must(case, "remove");
    assert!(removed.message.reactions.is_empty(), "{case}: removed");
    let (newest, page) = reads(case, &s, &thread).await;
    assert_eq!(newest, removed.message, "{case}: the list shows none");
    assert_eq!(page, vec![removed.message], "{case}: the page shows none");
}

/// How the conversation list shows `thread`'s newest message, and `thread`'s message page.
async fn reads(case: &'static str, s: &Storage, thread: &Conversation) -> (Message, Vec<Message>) {
    let list = s
        .conversations
        .list(thread.account_id, None, limit(10))
        .await
        .must(case, "list");
    let newest = list
        .items
        .into_iter()
        .find(|c| c.conversation.id == thread.id)
        .and_then(|c| c.last_message)
        .must(case, "the conversation's newest message in the list");
    let page = s
        .messages
        .page(thread.id, None, limit(10))
        .await
        .must(case, "page");
    (newest, page.items)
}
