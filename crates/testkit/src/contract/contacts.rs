//! The `ContactRepo` contract: customers per account, found or created by wa_id, listed and
//! searched, edited by agents.

mod list;
mod update;

use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, ContactId};
use list::{
    list_continues_from_next_without_gaps_or_duplicates, list_keeps_accounts_apart,
    list_of_an_unknown_account_is_empty, list_returns_the_accounts_contacts_newest_first,
    list_with_a_search_shows_only_matching_contacts,
};
use update::{
    update_keeps_clears_and_replaces_as_asked, update_of_an_unknown_contact_is_not_found,
    update_sets_the_display_name_notes_and_tags, update_twice_yields_the_same_contact,
};

use super::fixtures::{
    Must, account, assert_invalid, assert_missing_reference, assert_not_found, assert_whole_micros,
    contact, wa_id,
};

super::cases![
    upsert_creates_a_contact_for_a_new_wa_id,
    upsert_twice_yields_the_same_contact,
    upsert_with_a_profile_name_replaces_the_stored_one,
    upsert_without_a_profile_name_keeps_the_stored_one,
    upsert_keeps_accounts_apart,
    upsert_for_an_unknown_account_is_a_missing_reference,
    upsert_rejects_a_profile_name_longer_than_256_characters,
    get_returns_the_stored_contact,
    get_of_an_unknown_contact_is_not_found,
    list_returns_the_accounts_contacts_newest_first,
    list_continues_from_next_without_gaps_or_duplicates,
    list_with_a_search_shows_only_matching_contacts,
    list_of_an_unknown_account_is_empty,
    list_keeps_accounts_apart,
    update_sets_the_display_name_notes_and_tags,
    update_keeps_clears_and_replaces_as_asked,
    update_twice_yields_the_same_contact,
    update_of_an_unknown_contact_is_not_found,
];

/// "The contact of `account` with `wa_id`, created if new."
async fn upsert_creates_a_contact_for_a_new_wa_id(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let number = wa_id();
    let created = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some("Ada".to_owned()))
        .await
        .must(case, "upsert");
    assert_eq!(created.account_id, owner.id, "{case}: account_id");
    assert_eq!(created.wa_id.as_ref(), Some(&number), "{case}: wa_id");
    assert_eq!(
        created.profile_name.as_deref(),
        Some("Ada"),
        "{case}: profile_name"
    );
    assert_eq!(created.bsuid, None, "{case}: bsuid");
    assert_whole_micros(case, "created_at", created.created_at);
    assert_whole_micros(case, "updated_at", created.updated_at);
}

/// "Idempotent: calling it twice yields the same contact."
async fn upsert_twice_yields_the_same_contact(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let number = wa_id();
    let name = Some("Ada".to_owned());
    let first = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, name.clone())
        .await
        .must(case, "first upsert");
    let second = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, name)
        .await
        .must(case, "second upsert");
    assert_eq!(
        second, first,
        "{case}: the second call must yield the first contact"
    );
}

/// "A given `profile_name` replaces the stored one."
async fn upsert_with_a_profile_name_replaces_the_stored_one(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let number = wa_id();
    let first = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some("Ada".to_owned()))
        .await
        .must(case, "first upsert");
    let renamed = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some("Ada Lovelace".to_owned()))
        .await
        .must(case, "second upsert");
    assert_eq!(renamed.id, first.id, "{case}: same contact");
    assert_eq!(renamed.created_at, first.created_at, "{case}: created_at");
    assert_eq!(
        renamed.profile_name.as_deref(),
        Some("Ada Lovelace"),
        "{case}: the new name must replace the old one"
    );
    let read = s.contacts.get(first.id).await.must(case, "get");
    assert_eq!(read, renamed, "{case}: get must show the new name");
}

/// "`None` keeps it."
async fn upsert_without_a_profile_name_keeps_the_stored_one(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let number = wa_id();
    let first = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some("Ada".to_owned()))
        .await
        .must(case, "first upsert");
    let again = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, None)
        .await
        .must(case, "second upsert");
    assert_eq!(again, first, "{case}: None must keep the contact as it was");
}

/// "The contact of `account` with `wa_id`": one wa_id on two accounts is two contacts.
async fn upsert_keeps_accounts_apart(case: &'static str, s: Storage) {
    let first_account = account(&s).await;
    let second_account = account(&s).await;
    let number = wa_id();
    let first = s
        .contacts
        .upsert_by_wa_id(first_account.id, &number, Some("Ada".to_owned()))
        .await
        .must(case, "first upsert");
    let second = s
        .contacts
        .upsert_by_wa_id(second_account.id, &number, Some("Grace".to_owned()))
        .await
        .must(case, "second upsert");
    assert_ne!(
        second.id, first.id,
        "{case}: each account has its own contact"
    );
    assert_eq!(second.account_id, second_account.id, "{case}: account_id");
    let first_again = s.contacts.get(first.id).await.must(case, "get");
    assert_eq!(
        first_again, first,
        "{case}: the other account's contact is untouched"
    );
}

/// "`MissingReference` (entity "account") when the account does not exist."
async fn upsert_for_an_unknown_account_is_a_missing_reference(case: &'static str, s: Storage) {
    let result = s
        .contacts
        .upsert_by_wa_id(AccountId::generate(), &wa_id(), Some("Ada".to_owned()))
        .await;
    assert_missing_reference(case, "account", result);
}

/// "`Invalid` when the profile name is longer than 256 characters" (characters, not bytes).
async fn upsert_rejects_a_profile_name_longer_than_256_characters(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let number = wa_id();
    let longest = "é".repeat(256);
    let stored = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some(longest.clone()))
        .await
        .unwrap_or_else(|e| panic!("{case}: 256 characters must be accepted, got {e:?}"));
    assert_eq!(
        stored.profile_name,
        Some(longest),
        "{case}: 256 characters kept whole"
    );
    let too_long = s
        .contacts
        .upsert_by_wa_id(owner.id, &number, Some("é".repeat(257)))
        .await;
    assert_invalid(case, "contact", too_long);
    let unchanged = s.contacts.get(stored.id).await.must(case, "get");
    assert_eq!(unchanged, stored, "{case}: a refused name changes nothing");
    let new_contact = s
        .contacts
        .upsert_by_wa_id(owner.id, &wa_id(), Some("x".repeat(257)))
        .await;
    assert_invalid(case, "contact", new_contact);
}

/// "The contact with this id."
async fn get_returns_the_stored_contact(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    let stored = contact(&s, owner.id).await;
    let read = s.contacts.get(stored.id).await.must(case, "get");
    assert_eq!(
        read, stored,
        "{case}: get must return the contact as stored"
    );
}

/// "`NotFound` (entity "contact") when there is none."
async fn get_of_an_unknown_contact_is_not_found(case: &'static str, s: Storage) {
    let owner = account(&s).await;
    contact(&s, owner.id).await;
    assert_not_found(case, "contact", s.contacts.get(ContactId::generate()).await);
}
