//! `MessageRepo::page`: a conversation's messages, newest first, by keyset cursor.

use inbox_domain::ports::Storage;
use inbox_domain::{ConversationId, Cursor, MessageId, NewMessage, PageLimit};

use crate::contract::fixtures::{Must, conversation, inbound, outbound};

crate::contract::cases![
    page_is_newest_first_with_ties_by_id_descending,
    page_continues_from_before_without_gaps_or_duplicates,
    page_of_an_unknown_conversation_is_empty,
    page_keeps_conversations_apart,
];

/// A page size the cases use.
fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "a valid page size")
}

/// Every message of `conversation`, read page by page with `page_size`, and each page's length.
async fn read_all(
    s: &Storage,
    conversation: ConversationId,
    page_size: i64,
) -> (Vec<MessageId>, Vec<usize>) {
    let (mut ids, mut sizes, mut before) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .messages
            .page(conversation, before, limit(page_size))
            .await
            .must("fixture", "page");
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|m| m.id));
        match page.next {
            Some(next) if sizes.len() < 100 => before = Some(next),
            _ => return (ids, sizes),
        }
    }
}

/// Appends messages at `at(seconds)` for each of `times`, alternating directions; their ids.
async fn append_at(
    s: &Storage,
    conversation: ConversationId,
    times: &[i64],
) -> Vec<(i64, MessageId)> {
    let mut appended = Vec::new();
    for (n, seconds) in times.iter().enumerate() {
        let new: NewMessage = if n % 2 == 0 {
            inbound(conversation, *seconds)
        } else {
            outbound(conversation, *seconds)
        };
        s.messages
            .append(new.clone())
            .await
            .must("fixture", "append");
        appended.push((*seconds, new.id));
    }
    appended
}

/// "A page of a conversation's messages, newest first (ties by id, descending)."
async fn page_is_newest_first_with_ties_by_id_descending(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let mut appended = append_at(&s, thread.id, &[20, 10, 30, 20, 20]).await;
    appended.sort_by(|a, b| b.cmp(a));
    let expected: Vec<MessageId> = appended.iter().map(|(_, id)| *id).collect();
    let page = s
        .messages
        .page(thread.id, None, limit(10))
        .await
        .must(case, "page");
    let listed: Vec<MessageId> = page.items.iter().map(|m| m.id).collect();
    assert_eq!(
        listed, expected,
        "{case}: newest first, equal times by id descending"
    );
    assert_eq!(page.next, None, "{case}: a single page has no next");
}

/// "`before` continues from a previous page's `next`" (and `next` is `None` on the last page).
async fn page_continues_from_before_without_gaps_or_duplicates(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    append_at(&s, thread.id, &[10, 20, 20, 20, 30, 40, 40]).await;
    let (all, sizes) = read_all(&s, thread.id, 100).await;
    assert_eq!(
        (all.len(), sizes),
        (7, vec![7]),
        "{case}: one page holds all seven"
    );
    let (paged, sizes) = read_all(&s, thread.id, 3).await;
    assert_eq!(
        sizes,
        vec![3, 3, 1],
        "{case}: pages of 3, 3 and 1, then no next"
    );
    assert_eq!(
        paged, all,
        "{case}: the pages together are the list, no gap, no duplicate"
    );
    let (_, sizes) = read_all(&s, thread.id, 7).await;
    assert_eq!(sizes, vec![7], "{case}: a full last page has no next");
}

/// An unknown conversation is not an error (only `Unavailable` is): its page is empty.
async fn page_of_an_unknown_conversation_is_empty(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    append_at(&s, thread.id, &[10]).await;
    let page = s
        .messages
        .page(ConversationId::generate(), None, limit(10))
        .await
        .must(case, "page");
    assert!(
        page.items.is_empty() && page.next.is_none(),
        "{case}: got {page:?}"
    );
}

/// "A page of a conversation's messages": no other conversation's.
async fn page_keeps_conversations_apart(case: &'static str, s: Storage) {
    let mine = conversation(&s).await;
    let theirs = conversation(&s).await;
    let my_messages = append_at(&s, mine.id, &[10]).await;
    append_at(&s, theirs.id, &[20]).await;
    let page = s
        .messages
        .page(mine.id, None, limit(10))
        .await
        .must(case, "page");
    let listed: Vec<MessageId> = page.items.iter().map(|m| m.id).collect();
    assert_eq!(
        listed,
        vec![my_messages[0].1],
        "{case}: only the conversation's own messages"
    );
}
