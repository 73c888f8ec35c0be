//! `ConversationRepo::open` and `get`: one conversation per (account, contact).

use futures::future::join_all;

use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, ContactCard, ContactId, ConversationId, ConversationStatus};

use super::limit;
use crate::contract::fixtures::{
    Must, account, assert_missing_reference, assert_not_found, assert_whole_micros, contact,
    conversation, inbound, outbound,
};

crate::contract::cases![
    open_creates_an_open_empty_conversation,
    open_twice_yields_the_same_conversation,
    open_concurrently_yields_one_conversation,
    open_for_an_unknown_account_is_a_missing_reference,
    open_with_an_unknown_contact_is_a_missing_reference,
    open_with_a_contact_of_another_account_is_a_missing_reference,
    get_returns_the_conversation_with_its_contact_and_newest_message,
    get_of_an_unknown_conversation_is_not_found,
];

/// "The conversation between `account` and `contact`, created (open, empty) if there is none."
async fn open_creates_an_open_empty_conversation(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let opened = s
        .conversations
        .open(owner.id, customer.id)
        .await
        .must(case, "open");
    assert_eq!(opened.account_id, owner.id, "{case}: account_id");
    assert_eq!(opened.contact_id, customer.id, "{case}: contact_id");
    assert_eq!(opened.status, ConversationStatus::Open, "{case}: status");
    assert_eq!(opened.unread_count, 0, "{case}: unread_count");
    assert!(
        !opened.favorite && !opened.bot_mode,
        "{case}: favorite and bot_mode start off"
    );
    assert_eq!(opened.last_message_id, None, "{case}: last_message_id");
    assert_eq!(opened.last_inbound_at, None, "{case}: last_inbound_at");
    assert_eq!(
        opened.last_message_at, opened.created_at,
        "{case}: an empty conversation's activity is its creation"
    );
    assert_whole_micros(case, "created_at", opened.created_at);
    let read = s.conversations.get(opened.id).await.must(case, "get");
    assert_eq!(
        read.conversation, opened,
        "{case}: get must return it as opened"
    );
    assert_eq!(read.last_message, None, "{case}: no last message yet");
}

/// "Idempotent ...: one pair has one conversation."
async fn open_twice_yields_the_same_conversation(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let first = s
        .conversations
        .open(owner.id, customer.id)
        .await
        .must(case, "first open");
    let second = s
        .conversations
        .open(owner.id, customer.id)
        .await
        .must(case, "second open");
    assert_eq!(
        second, first,
        "{case}: the second call must yield the first conversation"
    );
}

/// "... and safe under concurrency: one pair has one conversation."
async fn open_concurrently_yields_one_conversation(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let opened = join_all((0..8).map(|_| s.conversations.open(owner.id, customer.id))).await;
    let ids: Vec<ConversationId> = opened
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{case}: a concurrent open failed: {e:?}"))
                .id
        })
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "{case}: got several conversations {ids:?}"
    );
    let listed = s
        .conversations
        .list(owner.id, None, limit(100))
        .await
        .must(case, "list");
    assert_eq!(listed.items.len(), 1, "{case}: one conversation listed");
}

/// "`MissingReference` when the account ... does not exist."
async fn open_for_an_unknown_account_is_a_missing_reference(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let result = s
        .conversations
        .open(AccountId::generate(), customer.id)
        .await;
    assert_missing_reference(case, "account", result);
}

/// "`MissingReference` when the ... contact does not exist."
async fn open_with_an_unknown_contact_is_a_missing_reference(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let result = s.conversations.open(owner.id, ContactId::generate()).await;
    assert_missing_reference(case, "contact", result);
}

/// "..., or the contact belongs to another account (entity "contact")."
async fn open_with_a_contact_of_another_account_is_a_missing_reference(
    case: &'static str,
    s: Storage,
) {
    let mine = account(&s).await;
    let theirs = account(&s).await;
    let their_customer = contact(&s, theirs.id).await;
    let result = s.conversations.open(mine.id, their_customer.id).await;
    assert_missing_reference(case, "contact", result);
    let listed = s
        .conversations
        .list(mine.id, None, limit(100))
        .await
        .must(case, "list");
    assert!(listed.items.is_empty(), "{case}: nothing may be created");
}

/// "One conversation with its contact and newest message."
async fn get_returns_the_conversation_with_its_contact_and_newest_message(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let opened = s
        .conversations
        .open(owner.id, customer.id)
        .await
        .must(case, "open");
    s.messages
        .append(inbound(opened.id, 10))
        .await
        .must(case, "append older");
    let newest = s
        .messages
        .append(outbound(opened.id, 20))
        .await
        .must(case, "append newer");
    let summary = s.conversations.get(opened.id).await.must(case, "get");
    assert_eq!(summary.conversation.id, opened.id, "{case}: id");
    assert_eq!(
        summary.contact,
        ContactCard::from(&customer),
        "{case}: the contact as stored"
    );
    assert_eq!(
        summary.last_message,
        Some(newest.message),
        "{case}: the newest message"
    );
}

/// "`NotFound` (entity "conversation") when there is none."
async fn get_of_an_unknown_conversation_is_not_found(case: &'static str, s: Storage) {
    conversation(&s).await;
    let result = s.conversations.get(ConversationId::generate()).await;
    assert_not_found(case, "conversation", result);
}
