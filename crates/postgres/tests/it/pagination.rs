//! Keyset pages over many rows with equal times, and the list statements' use of the indexes.

use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, ConversationId, Cursor, MessageId, PageLimit};
use inbox_postgres::PoolMode;
use inbox_postgres::sql::{LIST_CONVERSATIONS, LIST_PARAM_TYPES, PAGE_MESSAGES};
use inbox_testkit::contract::fixtures::{
    account, conversation, conversation_of, inbound, outbound,
};
use time::OffsetDateTime;
use tokio_postgres::types::{Timestamp, ToSql};
use uuid::Uuid;

use crate::both_modes;
use crate::support::Harness;

fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).unwrap()
}

/// Reads every page; returns the ids in order and the page sizes.
async fn all_conversations(
    s: &Storage,
    account: AccountId,
    size: i64,
) -> (Vec<ConversationId>, Vec<usize>) {
    let (mut ids, mut sizes, mut after) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .conversations
            .list(account, after, limit(size))
            .await
            .unwrap();
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|c| c.conversation.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return (ids, sizes),
        }
    }
}

async fn all_messages(
    s: &Storage,
    conversation: ConversationId,
    size: i64,
) -> (Vec<MessageId>, Vec<usize>) {
    let (mut ids, mut sizes, mut before) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .messages
            .page(conversation, before, limit(size))
            .await
            .unwrap();
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|m| m.id));
        match page.next {
            Some(next) => before = Some(next),
            None => return (ids, sizes),
        }
    }
}

both_modes!(
    #[tokio::test]
    conversations_with_equal_activity_times_page_by_id_without_gaps_or_repeats,
    #[tokio::test]
    messages_with_equal_sent_times_page_newest_first_then_by_id,
    #[tokio::test]
    an_exact_multiple_of_the_page_size_ends_without_a_next_cursor,
);

async fn conversations_with_equal_activity_times_page_by_id_without_gaps_or_repeats(
    mode: PoolMode,
) {
    let h = Harness::new(mode).await;
    let owner = account(&h.storage).await;
    let mut expected = Vec::new();
    for _ in 0..25 {
        let conversation = conversation_of(&h.storage, owner.id).await;
        h.storage
            .messages
            .append(outbound(conversation.id, 0))
            .await
            .unwrap();
        expected.push(conversation.id);
    }
    expected.sort_by(|a, b| b.cmp(a));

    let (ids, sizes) = all_conversations(&h.storage, owner.id, 4).await;

    assert_eq!(
        ids, expected,
        "one equal time: ordered by id descending, each exactly once"
    );
    assert_eq!(sizes, vec![4, 4, 4, 4, 4, 4, 1]);
}

async fn messages_with_equal_sent_times_page_newest_first_then_by_id(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let thread = conversation(&h.storage).await;
    let mut expected = Vec::new();
    for seconds in [0, 60, 120] {
        for _ in 0..10 {
            let message = inbound(thread.id, seconds);
            expected.push((seconds, message.id));
            h.storage.messages.append(message).await.unwrap();
        }
    }
    expected.sort_by(|a, b| b.cmp(a));
    let expected: Vec<MessageId> = expected.into_iter().map(|(_, id)| id).collect();

    let (ids, sizes) = all_messages(&h.storage, thread.id, 7).await;

    assert_eq!(ids, expected);
    assert_eq!(sizes, vec![7, 7, 7, 7, 2]);
    let summary = h.storage.conversations.get(thread.id).await.unwrap();
    assert_eq!(summary.conversation.unread_count, 30);
    assert_eq!(summary.last_message.map(|m| m.id), Some(ids[0]));
}

async fn an_exact_multiple_of_the_page_size_ends_without_a_next_cursor(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let thread = conversation(&h.storage).await;
    for seconds in 0..8 {
        h.storage
            .messages
            .append(outbound(thread.id, seconds))
            .await
            .unwrap();
    }
    let (ids, sizes) = all_messages(&h.storage, thread.id, 4).await;
    assert_eq!(ids.len(), 8);
    assert_eq!(sizes, vec![4, 4], "the second full page is the last one");
}

/// The plan of `sql` with the first page's parameters and sequential scans discouraged.
async fn plan(h: &Harness, sql: &str, owner: Uuid) -> String {
    let client = h.direct().await;
    client
        .batch_execute("SET enable_seqscan = off")
        .await
        .unwrap();
    let at = Timestamp::<OffsetDateTime>::PosInfinity;
    let params: [&(dyn ToSql + Sync); 4] = [&owner, &at, &Uuid::max(), &51_i64];
    let typed: Vec<_> = params.iter().copied().zip(LIST_PARAM_TYPES).collect();
    let rows = client
        .query_typed(&format!("EXPLAIN {sql}"), &typed)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether an `Index Cond` line of `plan` contains `condition`.
fn index_condition(plan: &str, condition: &str) -> bool {
    plan.lines()
        .any(|line| line.contains("Index Cond") && line.contains(condition))
}

#[tokio::test]
async fn the_list_statements_keep_the_cursor_as_an_index_condition_without_sorting() {
    let h = Harness::new(PoolMode::Session).await;

    let list = plan(&h, LIST_CONVERSATIONS, Uuid::now_v7()).await;
    assert!(
        list.contains("conversations_account_activity_idx"),
        "{list}"
    );
    assert!(
        index_condition(&list, "ROW(last_message_at, id) < ROW("),
        "{list}"
    );
    assert!(!list.contains("Sort"), "{list}");

    let page = plan(&h, PAGE_MESSAGES, Uuid::now_v7()).await;
    assert!(page.contains("messages_conversation_sent_idx"), "{page}");
    assert!(index_condition(&page, "ROW(sent_at, id) < ROW("), "{page}");
    assert!(!page.contains("Sort"), "{page}");
}
