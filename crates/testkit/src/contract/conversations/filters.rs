//! `ConversationRepo::list_filtered` (and `list`, its default): unread only, favorites only, by
//! status, by contact name or number, one cursor per filter.

use inbox_domain::ports::Storage;
use inbox_domain::{
    AccountId, ContactName, ContactSearch, ContactUpdate, Conversation, ConversationFilter,
    ConversationId, ConversationStatus, Cursor, FieldUpdate, StatusFilter,
};

use super::limit;
use crate::contract::fixtures::{Must, account, conversation_of, inbound, outbound};

crate::contract::cases![
    list_hides_archived_conversations_by_default,
    list_filtered_by_default_is_the_plain_list,
    list_filtered_with_unread_only_shows_conversations_with_unread_messages,
    list_filtered_with_favorites_only_shows_favorites,
    list_filtered_by_status_shows_the_chosen_states,
    list_filtered_by_search_matches_profile_and_display_names_ignoring_case,
    list_filtered_by_search_matches_numbers_typed_with_punctuation,
    list_filtered_by_search_takes_wildcards_literally,
    list_filtered_by_search_does_not_match_across_two_fields,
    list_filtered_combines_every_condition,
    list_filtered_continues_from_next_without_gaps_or_duplicates,
    list_filtered_keeps_accounts_apart,
    list_filtered_of_an_unknown_account_is_empty,
];

/// A conversation of `account` with a new contact named `name`, last active at `at(seconds)`.
pub(crate) async fn named_at(
    s: &Storage,
    account: AccountId,
    name: &str,
    seconds: i64,
) -> Conversation {
    let contact = s
        .contacts
        .upsert_by_wa_id(
            account,
            &crate::contract::fixtures::wa_id(),
            Some(name.to_owned()),
        )
        .await
        .must("fixture", "upsert contact");
    let conversation = s
        .conversations
        .open(account, contact.id)
        .await
        .must("fixture", "open conversation");
    s.messages
        .append(outbound(conversation.id, seconds))
        .await
        .must("fixture", "append");
    conversation
}

/// A search for `text`, which must be valid.
pub(crate) fn search(text: &str) -> Option<ContactSearch> {
    Some(ContactSearch::parse("search", text).must("fixture", "a valid search"))
}

/// The ids of every page of `account`'s list under `filter`, read `page_size` at a time.
async fn read_all(
    s: &Storage,
    account: AccountId,
    filter: &ConversationFilter,
    page_size: i64,
) -> (Vec<ConversationId>, Vec<usize>) {
    let (mut ids, mut sizes, mut after) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .conversations
            .list_filtered(account, filter.clone(), after, limit(page_size))
            .await
            .must("fixture", "list_filtered");
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|c| c.conversation.id));
        match page.next {
            Some(next) if sizes.len() < 100 => after = Some(next),
            _ => return (ids, sizes),
        }
    }
}

/// One page (of up to 100) of `account`'s list under `filter`.
async fn listed(
    s: &Storage,
    account: AccountId,
    filter: ConversationFilter,
) -> Vec<ConversationId> {
    read_all(s, account, &filter, 100).await.0
}

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

/// "... whose contact's name or number contains this" (`ContactSearch`): profile names and the
/// agents' display names, in any case, with short and long terms alike.
async fn list_filtered_by_search_matches_profile_and_display_names_ignoring_case(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let ada = named_at(&s, owner.id, "Ada Lovelace", 10).await;
    let grace = named_at(&s, owner.id, "Grace Hopper", 20).await;
    let renamed = named_at(&s, owner.id, "gh_user", 30).await;
    let update = ContactUpdate {
        display_name: FieldUpdate::Set(ContactName::parse("Ada Byron").must(case, "name")),
        ..ContactUpdate::default()
    };
    s.contacts
        .update(renamed.contact_id, update)
        .await
        .must(case, "rename");
    for (text, expected) in [
        ("LOVELACE", vec![ada.id]),
        ("ada", vec![renamed.id, ada.id]),
        ("byron", vec![renamed.id]),
        ("GH_U", vec![renamed.id]),
        ("o", vec![renamed.id, grace.id, ada.id]),
        ("ov", vec![ada.id]),
        ("Nobody", vec![]),
    ] {
        let filter = ConversationFilter {
            search: search(text),
            ..ConversationFilter::default()
        };
        let page = s
            .conversations
            .list_filtered(owner.id, filter, None, limit(10))
            .await
            .must(case, "list_filtered");
        let ids: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
        assert_eq!(ids, expected, "{case}: search {text:?}");
        if text == "byron" {
            assert_eq!(
                page.items[0].contact.display_name.as_deref(),
                Some("Ada Byron"),
                "{case}: the listed contact carries the agents' name"
            );
        }
    }
}

/// "... or number contains this": the wa_id's digits, typed with phone punctuation or not.
async fn list_filtered_by_search_matches_numbers_typed_with_punctuation(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let target = named_at(&s, owner.id, "Someone", 10).await;
    named_at(&s, owner.id, "Someone else", 20).await;
    let contact = s
        .contacts
        .get(target.contact_id)
        .await
        .must(case, "get contact");
    let digits = contact.wa_id.must(case, "a wa_id").as_str()[2..10].to_owned();
    let punctuated = format!("+{} {}-{}", &digits[..2], &digits[2..5], &digits[5..]);
    for text in [digits.as_str(), punctuated.as_str(), &digits[..2]] {
        let filter = ConversationFilter {
            search: search(text),
            ..ConversationFilter::default()
        };
        let ids = listed(&s, owner.id, filter).await;
        assert!(
            ids.contains(&target.id),
            "{case}: {text:?} must find the number"
        );
        if text.len() > 2 {
            assert_eq!(ids, vec![target.id], "{case}: {text:?} finds only it");
        }
    }
}

/// "... contains this": `%`, `_` and `\` are characters like any other, not patterns.
async fn list_filtered_by_search_takes_wildcards_literally(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let percent = named_at(&s, owner.id, "Shop 100% cotton", 10).await;
    named_at(&s, owner.id, "Shop 1000 cotton", 20).await;
    let underscore = named_at(&s, owner.id, "a_b team", 30).await;
    named_at(&s, owner.id, "axb team", 40).await;
    let backslash = named_at(&s, owner.id, "back\\slash", 50).await;
    named_at(&s, owner.id, "backslash", 60).await;
    for (text, expected) in [
        ("0%", percent.id),
        ("100% cot", percent.id),
        ("a_b", underscore.id),
        ("_", underscore.id),
        ("k\\s", backslash.id),
        ("back\\slash", backslash.id),
    ] {
        let filter = ConversationFilter {
            search: search(text),
            ..ConversationFilter::default()
        };
        assert_eq!(
            listed(&s, owner.id, filter).await,
            vec![expected],
            "{case}: search {text:?}"
        );
    }
}

/// "... whose contact's name or number contains this": one of them, not two run together.
async fn list_filtered_by_search_does_not_match_across_two_fields(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let both = named_at(&s, owner.id, "Lovelace", 10).await;
    let update = ContactUpdate {
        display_name: FieldUpdate::Set(ContactName::parse("Ada").must(case, "name")),
        ..ContactUpdate::default()
    };
    s.contacts
        .update(both.contact_id, update)
        .await
        .must(case, "rename");
    for text in ["Ada Lovelace", "AdaLovelace", "a lo", "alo"] {
        let filter = ConversationFilter {
            search: search(text),
            ..ConversationFilter::default()
        };
        assert!(
            listed(&s, owner.id, filter).await.is_empty(),
            "{case}: {text:?} spans the display and the profile name"
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
