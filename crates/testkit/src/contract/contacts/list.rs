//! `ContactRepo::list`: an account's contacts newest first, searched by name or number.

use inbox_domain::ports::Storage;
use inbox_domain::{
    AccountId, Contact, ContactId, ContactName, ContactSearch, ContactUpdate, Cursor, FieldUpdate,
};

use crate::contract::conversations::limit;
use crate::contract::fixtures::{Must, account, contact, wa_id};

/// A new contact of `account` with the profile name `name`.
async fn named(s: &Storage, account: AccountId, name: &str) -> Contact {
    s.contacts
        .upsert_by_wa_id(account, &wa_id(), Some(name.to_owned()))
        .await
        .must("fixture", "upsert contact")
}

/// Every contact of `account` that `search` finds, read `page_size` at a time, and the page sizes.
async fn read_all(
    s: &Storage,
    account: AccountId,
    search: Option<&str>,
    page_size: i64,
) -> (Vec<Contact>, Vec<usize>) {
    let search = search.map(|t| ContactSearch::parse("search", t).must("fixture", "a search"));
    let (mut items, mut sizes, mut after) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .contacts
            .list(account, search.clone(), after, limit(page_size))
            .await
            .must("fixture", "list");
        sizes.push(page.items.len());
        items.extend(page.items);
        match page.next {
            Some(next) if sizes.len() < 100 => after = Some(next),
            _ => return (items, sizes),
        }
    }
}

fn ids(contacts: &[Contact]) -> Vec<ContactId> {
    contacts.iter().map(|c| c.id).collect()
}

/// "A page of the account's contacts, newest first (by creation time, ties by id, descending)."
pub(super) async fn list_returns_the_accounts_contacts_newest_first(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(contact(&s, owner.id).await);
    }
    let (listed, sizes) = read_all(&s, owner.id, None, 100).await;
    assert_eq!(sizes, vec![5], "{case}: one page");
    let mut expected = created.clone();
    expected.sort_by_key(|c| std::cmp::Reverse((c.created_at, c.id)));
    assert_eq!(
        listed, expected,
        "{case}: the stored contacts, newest first"
    );
}

/// "`after` continues from a previous page's `next`", with and without a search.
pub(super) async fn list_continues_from_next_without_gaps_or_duplicates(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    for i in 0..7 {
        named(&s, owner.id, &format!("Ada {i}")).await;
        named(&s, owner.id, "Bob").await;
    }
    for search in [None, Some("ad"), Some("Ada")] {
        let (all, sizes) = read_all(&s, owner.id, search, 100).await;
        let expected = if search.is_some() { 7 } else { 14 };
        assert_eq!(sizes, vec![expected], "{case}: {search:?}: one page");
        let (paged, sizes) = read_all(&s, owner.id, search, 3).await;
        let full = expected / 3;
        let mut want = vec![3; full];
        if expected % 3 > 0 {
            want.push(expected % 3);
        }
        assert_eq!(sizes, want, "{case}: {search:?}: pages of 3");
        assert_eq!(
            ids(&paged),
            ids(&all),
            "{case}: {search:?}: the pages together are the list"
        );
        let (_, sizes) = read_all(&s, owner.id, search, expected as i64).await;
        assert_eq!(
            sizes,
            vec![expected],
            "{case}: {search:?}: a full last page has no next"
        );
    }
}

/// "... with `search`, only those whose display name, profile name or wa_id contains it,
/// ignoring case."
pub(super) async fn list_with_a_search_shows_only_matching_contacts(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let ada = named(&s, owner.id, "Ada Lovelace").await;
    let grace = named(&s, owner.id, "Grace Hopper").await;
    let renamed = named(&s, owner.id, "gh_user").await;
    let update = ContactUpdate {
        display_name: FieldUpdate::Set(ContactName::parse("Countess").must(case, "name")),
        ..ContactUpdate::default()
    };
    let renamed = s
        .contacts
        .update(renamed.id, update)
        .await
        .must(case, "rename");
    let number = grace.wa_id.clone().must(case, "a wa_id");
    let digits = &number.as_str()[3..11];
    for (text, expected) in [
        ("lovelace", vec![ada.id]),
        ("COUNT", vec![renamed.id]),
        ("gh_", vec![renamed.id]),
        ("e", vec![renamed.id, grace.id, ada.id]),
        (digits, vec![grace.id]),
        ("zzz", vec![]),
    ] {
        let (found, _) = read_all(&s, owner.id, Some(text), 10).await;
        assert_eq!(ids(&found), expected, "{case}: search {text:?}");
    }
}

/// "An unknown account yields an empty page."
pub(super) async fn list_of_an_unknown_account_is_empty(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    contact(&s, owner.id).await;
    for search in [None, Some("Contract")] {
        let (found, sizes) = read_all(&s, AccountId::generate(), search, 10).await;
        assert!(found.is_empty(), "{case}: {search:?}: got {found:?}");
        assert_eq!(sizes, vec![0], "{case}: no next");
    }
}

/// "A page of the account's contacts": no other account's.
pub(super) async fn list_keeps_accounts_apart(case: &'static str, s: Storage) {
    let mine = account(&s).await;
    let theirs = account(&s).await;
    let my_ada = named(&s, mine.id, "Ada Lovelace").await;
    named(&s, theirs.id, "Ada Lovelace").await;
    for search in [None, Some("Ada"), Some("ad")] {
        let (found, _) = read_all(&s, mine.id, search, 10).await;
        assert_eq!(
            ids(&found),
            vec![my_ada.id],
            "{case}: only the account's own ({search:?})"
        );
    }
}
