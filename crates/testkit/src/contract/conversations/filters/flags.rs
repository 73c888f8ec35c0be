//! `ConversationRepo::list_filtered` (and `list`, its default) by state: archived hidden by
//! default, unread only, favorites only, by status, and every condition at once.

use inbox_domain::ports::Storage;
use inbox_domain::{ConversationFilter, ConversationId, ConversationStatus, StatusFilter};

use super::{limit, listed, named_at, search};
use crate::contract::fixtures::{Must, account, inbound};

crate::contract::cases![
    list_hides_archived_conversations_by_default,
    list_filtered_by_default_is_the_plain_list,
    list_filtered_with_unread_only_shows_conversations_with_unread_messages,
    list_filtered_with_favorites_only_shows_favorites,
    list_filtered_by_status_shows_the_chosen_states,
    list_filtered_combines_every_condition,
];

/// "`list`: ... the default filter shows (every one not archived)."
async fn list_hides_archived_conversations_by_default(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let open = named_at(&s, owner.id, "Open one", 10).await;
    let closed = named_at(&s, owner.id, "Closed one", 20).await;
    let archived = named_at(&s, owner.id, "Archived one", 30).await;
    s.conversations
        .set_status(closed.id, ConversationStatus::Closed)
        .await
        .must(case, "close");
    s.conversations
        .set_status(archived.id, ConversationStatus::Archived)
        .await
        .must(case, "archive");
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let ids: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
    assert_eq!(
        ids,
        vec![closed.id, open.id],
        "{case}: open and closed shown, archived hidden"
    );
}

/// "`list`: the same as `list_filtered` with `ConversationFilter::default()`."
async fn list_filtered_by_default_is_the_plain_list(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    for seconds in [10, 30, 20] {
        named_at(&s, owner.id, "Someone", seconds).await;
    }
    let archived = named_at(&s, owner.id, "Put away", 40).await;
    s.conversations
        .set_status(archived.id, ConversationStatus::Archived)
        .await
        .must(case, "archive");
    let plain = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let filtered = s
        .conversations
        .list_filtered(owner.id, ConversationFilter::default(), None, limit(10))
        .await
        .must(case, "list_filtered");
    assert_eq!(filtered, plain, "{case}: the same page");
    assert_eq!(plain.items.len(), 3, "{case}: three not archived");
}

/// "A page of the account's conversations that `filter` shows": unread only.
async fn list_filtered_with_unread_only_shows_conversations_with_unread_messages(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let waiting = named_at(&s, owner.id, "Waiting", 10).await;
    s.messages
        .append(inbound(waiting.id, 20))
        .await
        .must(case, "append inbound");
    let answered = named_at(&s, owner.id, "Answered", 30).await;
    let marked = named_at(&s, owner.id, "Marked unread", 40).await;
    s.conversations
        .mark_unread(marked.id)
        .await
        .must(case, "mark unread");
    let filter = ConversationFilter {
        unread_only: true,
        ..ConversationFilter::default()
    };
    assert_eq!(
        listed(&s, owner.id, filter).await,
        vec![marked.id, waiting.id],
        "{case}: only those with unread messages, newest first"
    );
    assert_eq!(
        listed(&s, owner.id, ConversationFilter::default())
            .await
            .len(),
        3,
        "{case}: without the filter all three ({answered:?} included)"
    );
}

/// "A page of the account's conversations that `filter` shows": favorites only.
async fn list_filtered_with_favorites_only_shows_favorites(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let pinned = named_at(&s, owner.id, "Pinned", 10).await;
    named_at(&s, owner.id, "Not pinned", 20).await;
    let unpinned = named_at(&s, owner.id, "Pinned, then not", 30).await;
    for (id, favorite) in [(pinned.id, true), (unpinned.id, true), (unpinned.id, false)] {
        s.conversations
            .set_favorite(id, favorite)
            .await
            .must(case, "set_favorite");
    }
    let filter = ConversationFilter {
        favorites_only: true,
        ..ConversationFilter::default()
    };
    assert_eq!(
        listed(&s, owner.id, filter).await,
        vec![pinned.id],
        "{case}: only the favorite"
    );
}

/// "A page of the account's conversations that `filter` shows": by status.
async fn list_filtered_by_status_shows_the_chosen_states(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let open = named_at(&s, owner.id, "Open", 10).await;
    let closed = named_at(&s, owner.id, "Closed", 20).await;
    let archived = named_at(&s, owner.id, "Archived", 30).await;
    s.conversations
        .set_status(closed.id, ConversationStatus::Closed)
        .await
        .must(case, "close");
    s.conversations
        .set_status(archived.id, ConversationStatus::Archived)
        .await
        .must(case, "archive");
    for (status, expected) in [
        (StatusFilter::Active, vec![closed.id, open.id]),
        (StatusFilter::All, vec![archived.id, closed.id, open.id]),
        (StatusFilter::Only(ConversationStatus::Open), vec![open.id]),
        (
            StatusFilter::Only(ConversationStatus::Closed),
            vec![closed.id],
        ),
        (
            StatusFilter::Only(ConversationStatus::Archived),
            vec![archived.id],
        ),
    ] {
        let filter = ConversationFilter {
            status,
            ..ConversationFilter::default()
        };
        assert_eq!(
            listed(&s, owner.id, filter).await,
            expected,
            "{case}: {status:?}"
        );
    }
}

/// "... every condition must hold" (`ConversationFilter`).
async fn list_filtered_combines_every_condition(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let mut all = Vec::new();
    for (i, name) in ["Ada One", "Ada Two", "Ada Three", "Bob Four"]
        .into_iter()
        .enumerate()
    {
        all.push(named_at(&s, owner.id, name, 10 * (i as i64 + 1)).await);
    }
    let [one, two, three, four] = [&all[0], &all[1], &all[2], &all[3]];
    for c in [one, two, four] {
        s.conversations
            .set_favorite(c.id, true)
            .await
            .must(case, "favorite");
        s.conversations
            .mark_unread(c.id)
            .await
            .must(case, "mark unread");
    }
    s.conversations
        .set_favorite(three.id, true)
        .await
        .must(case, "favorite");
    s.conversations
        .set_status(two.id, ConversationStatus::Archived)
        .await
        .must(case, "archive");
    for text in ["ad", "Ada"] {
        let filter = ConversationFilter {
            unread_only: true,
            favorites_only: true,
            status: StatusFilter::Active,
            search: search(text),
        };
        assert_eq!(
            listed(&s, owner.id, filter).await,
            vec![one.id],
            "{case}: unread, favorite, not archived and named Ada ({text:?})"
        );
    }
}
