//! `ConversationRepo::list_filtered` by contact search: names in any case, numbers typed with
//! punctuation, wildcards taken literally, never across two fields.

use inbox_domain::ports::Storage;
use inbox_domain::{ContactName, ContactUpdate, ConversationFilter, ConversationId, FieldUpdate};

use super::{limit, listed, named_at, search};
use crate::contract::fixtures::{Must, account};

crate::contract::cases![
    list_filtered_by_search_matches_profile_and_display_names_ignoring_case,
    list_filtered_by_search_matches_numbers_typed_with_punctuation,
    list_filtered_by_search_takes_wildcards_literally,
    list_filtered_by_search_does_not_match_across_two_fields,
];

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
