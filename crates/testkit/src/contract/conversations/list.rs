//! `ConversationRepo::list`: the inbox, newest activity first, by keyset cursor.

use inbox_domain::ports::Storage;
use inbox_domain::{
    AccountId, ContactCard, Conversation, ConversationId, ConversationSummary, Cursor,
};

use super::limit;
use crate::contract::fixtures::{
    Must, account, at, contact, conversation, conversation_of, inbound, micros, outbound,
};

crate::contract::cases![
    list_orders_by_newest_activity_first,
    list_breaks_ties_by_id_descending,
    list_continues_from_next_without_gaps_or_duplicates,
    list_of_an_unknown_account_is_empty,
    list_keeps_accounts_apart,
    list_shows_each_contact_and_newest_message,
    list_shows_unread_counts,
];

/// Every conversation of `account`, read page by page with `page_size`, and each page's length.
async fn read_all(
    s: &Storage,
    account: AccountId,
    page_size: i64,
) -> (Vec<ConversationId>, Vec<usize>) {
    let (mut ids, mut sizes, mut after) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .conversations
            .list(account, after, limit(page_size))
            .await
            .must("fixture", "list");
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|c| c.conversation.id));
        match page.next {
            Some(next) if sizes.len() < 100 => after = Some(next),
            _ => return (ids, sizes),
        }
    }
}

/// Opens a conversation for `account` whose last activity is an outbound message at `at(seconds)`.
async fn active_at(s: &Storage, account: AccountId, seconds: i64) -> Conversation {
    let conversation = conversation_of(s, account).await;
    s.messages
        .append(outbound(conversation.id, seconds))
        .await
        .must("fixture", "append");
    conversation
}

/// "A page of the account's conversations, newest activity first."
async fn list_orders_by_newest_activity_first(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let mut by_time = Vec::new();
    for seconds in [10, 40, 20, 30] {
        by_time.push((seconds, active_at(&s, owner.id, seconds).await.id));
    }
    by_time.sort_by_key(|(seconds, _)| std::cmp::Reverse(*seconds));
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let listed: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
    let expected: Vec<ConversationId> = by_time.iter().map(|(_, id)| *id).collect();
    assert_eq!(listed, expected, "{case}: newest activity first");
    for (item, (seconds, _)) in page.items.iter().zip(&by_time) {
        assert_eq!(
            item.conversation.last_message_at,
            micros(at(*seconds)),
            "{case}: last_message_at is the newest message's time"
        );
    }
    assert_eq!(page.next, None, "{case}: a single page has no next");
}

/// "... (ties by id, descending)."
async fn list_breaks_ties_by_id_descending(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let newest = active_at(&s, owner.id, 20).await.id;
    let mut tied = Vec::new();
    for _ in 0..4 {
        tied.push(active_at(&s, owner.id, 10).await.id);
    }
    tied.sort_by(|a, b| b.cmp(a));
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let listed: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
    let expected: Vec<ConversationId> = std::iter::once(newest).chain(tied).collect();
    assert_eq!(
        listed, expected,
        "{case}: equal times are ordered by id, descending"
    );
}

/// "`after` continues from a previous page's `next`" (and `next` is `None` on the last page).
async fn list_continues_from_next_without_gaps_or_duplicates(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    for seconds in [10, 20, 20, 20, 30, 40, 40] {
        active_at(&s, owner.id, seconds).await;
    }
    let (all, sizes) = read_all(&s, owner.id, 100).await;
    assert_eq!(
        (all.len(), sizes),
        (7, vec![7]),
        "{case}: one page holds all seven"
    );
    let (paged, sizes) = read_all(&s, owner.id, 3).await;
    assert_eq!(
        sizes,
        vec![3, 3, 1],
        "{case}: pages of 3, 3 and 1, then no next"
    );
    assert_eq!(
        paged, all,
        "{case}: the pages together are the list, no gap, no duplicate"
    );
    let (_, sizes) = read_all(&s, owner.id, 7).await;
    assert_eq!(sizes, vec![7], "{case}: a full last page has no next");
}

/// "An unknown account yields an empty page."
async fn list_of_an_unknown_account_is_empty(case: &'static str, s: Storage) {
    conversation(&s).await;
    let page = s
        .conversations
        .list(AccountId::generate(), None, limit(10))
        .await
        .must(case, "list");
    assert!(
        page.items.is_empty() && page.next.is_none(),
        "{case}: got {page:?}"
    );
}

/// "A page of the account's conversations": no other account's.
async fn list_keeps_accounts_apart(case: &'static str, s: Storage) {
    let mine = account(&s).await;
    let theirs = account(&s).await;
    let my_conversation = active_at(&s, mine.id, 10).await.id;
    active_at(&s, theirs.id, 20).await;
    let page = s
        .conversations
        .list(mine.id, None, limit(10))
        .await
        .must(case, "list");
    let listed: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
    assert_eq!(
        listed,
        vec![my_conversation],
        "{case}: only the account's own conversations"
    );
}

/// "... each with its contact and newest message."
async fn list_shows_each_contact_and_newest_message(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let customer = contact(&s, owner.id).await;
    let busy = s
        .conversations
        .open(owner.id, customer.id)
        .await
        .must(case, "open");
    s.messages
        .append(outbound(busy.id, 10))
        .await
        .must(case, "append older");
    let newest = s
        .messages
        .append(inbound(busy.id, 20))
        .await
        .must(case, "append newer");
    let empty = conversation_of(&s, owner.id).await;
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let find = |id: ConversationId| -> &ConversationSummary {
        page.items
            .iter()
            .find(|c| c.conversation.id == id)
            .unwrap_or_else(|| panic!("{case}: conversation {id} must be listed"))
    };
    let busy_item = find(busy.id);
    assert_eq!(
        busy_item.contact,
        ContactCard::from(&customer),
        "{case}: the contact as stored"
    );
    assert_eq!(
        busy_item.last_message,
        Some(newest.message),
        "{case}: the newest message"
    );
    let empty_item = find(empty.id);
    assert_eq!(
        empty_item.contact.id, empty.contact_id,
        "{case}: the empty one's contact"
    );
    assert_eq!(
        empty_item.last_message, None,
        "{case}: an empty conversation has none"
    );
}

/// The list shows each conversation's unread count: its inbound messages not yet read.
async fn list_shows_unread_counts(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let waiting = conversation_of(&s, owner.id).await;
    for seconds in [10, 20, 30] {
        s.messages
            .append(inbound(waiting.id, seconds))
            .await
            .must(case, "append inbound");
    }
    s.messages
        .append(outbound(waiting.id, 40))
        .await
        .must(case, "append outbound");
    let answered = active_at(&s, owner.id, 50).await;
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let counts: Vec<(ConversationId, i32)> = page
        .items
        .iter()
        .map(|c| (c.conversation.id, c.conversation.unread_count))
        .collect();
    assert_eq!(
        counts,
        vec![(answered.id, 0), (waiting.id, 3)],
        "{case}: unread counts"
    );
}
