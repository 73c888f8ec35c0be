//! `ConversationRepo::list_filtered` across pages and accounts: one cursor per filter, no
//! other account's rows, an unknown account's empty page.

use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, ConversationFilter, ConversationId};

use super::{limit, listed, named_at, read_all, search};
use crate::contract::fixtures::{Must, account, conversation_of};

crate::contract::cases![
    list_filtered_continues_from_next_without_gaps_or_duplicates,
    list_filtered_keeps_accounts_apart,
    list_filtered_of_an_unknown_account_is_empty,
];

/// "`after` continues from a previous page's `next`, read with the same filter", for each way a
/// store may read a filter (plain conditions, short and long search terms).
async fn list_filtered_continues_from_next_without_gaps_or_duplicates(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let mut matching = Vec::new();
    for (i, seconds) in [10, 20, 20, 20, 30, 40, 40].into_iter().enumerate() {
        let c = named_at(&s, owner.id, &format!("Ada {i}"), seconds).await;
        s.conversations
            .mark_unread(c.id)
            .await
            .must(case, "mark unread");
        matching.push(c);
        named_at(&s, owner.id, "Bob", seconds).await;
    }
    let filters = [
        ConversationFilter {
            unread_only: true,
            ..ConversationFilter::default()
        },
        ConversationFilter {
            search: search("ad"),
            ..ConversationFilter::default()
        },
        ConversationFilter {
            search: search("Ada"),
            ..ConversationFilter::default()
        },
    ];
    for filter in filters {
        let (all, sizes) = read_all(&s, owner.id, &filter, 100).await;
        assert_eq!(
            sizes,
            vec![7],
            "{case}: {filter:?}: one page holds all seven"
        );
        let (paged, sizes) = read_all(&s, owner.id, &filter, 3).await;
        assert_eq!(
            sizes,
            vec![3, 3, 1],
            "{case}: {filter:?}: pages of 3, 3 and 1"
        );
        assert_eq!(
            paged, all,
            "{case}: {filter:?}: the pages together are the list"
        );
        let mut found = all.clone();
        found.sort();
        let mut wanted: Vec<ConversationId> = matching.iter().map(|c| c.id).collect();
        wanted.sort();
        assert_eq!(
            found, wanted,
            "{case}: {filter:?}: exactly the matching ones"
        );
        let (_, sizes) = read_all(&s, owner.id, &filter, 7).await;
        assert_eq!(
            sizes,
            vec![7],
            "{case}: {filter:?}: a full last page has no next"
        );
    }
}

/// "A page of the account's conversations": a search never shows another account's contacts.
async fn list_filtered_keeps_accounts_apart(case: &'static str, s: Storage) {
    let mine = account(&s).await;
    let theirs = account(&s).await;
    let my_ada = named_at(&s, mine.id, "Ada Lovelace", 10).await;
    named_at(&s, theirs.id, "Ada Lovelace", 20).await;
    for text in ["Ada", "ad"] {
        let filter = ConversationFilter {
            search: search(text),
            ..ConversationFilter::default()
        };
        assert_eq!(
            listed(&s, mine.id, filter).await,
            vec![my_ada.id],
            "{case}: only the account's own ({text:?})"
        );
    }
}

/// "An unknown account yields an empty page."
async fn list_filtered_of_an_unknown_account_is_empty(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let c = conversation_of(&s, owner.id).await;
    s.conversations
        .mark_unread(c.id)
        .await
        .must(case, "mark unread");
    for filter in [
        ConversationFilter {
            unread_only: true,
            ..ConversationFilter::default()
        },
        ConversationFilter {
            search: search("Contract"),
            ..ConversationFilter::default()
        },
    ] {
        let page = s
            .conversations
            .list_filtered(AccountId::generate(), filter, None, limit(10))
            .await
            .must(case, "list_filtered");
        assert!(
            page.items.is_empty() && page.next.is_none(),
            "{case}: got {page:?}"
        );
    }
}
