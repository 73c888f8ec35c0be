//! The `AccountRepo` contract: business numbers, unique by id and by phone_number_id.

use secrecy::ExposeSecret;

use inbox_domain::ports::Storage;
use inbox_domain::{Account, AccountId, NewAccount, PhoneNumberId};

use super::fixtures::{
    Must, account, assert_conflict, assert_not_found, assert_whole_micros, digits, new_account,
};

super::cases![
    create_returns_the_account_as_stored,
    create_keeps_the_secrets,
    create_with_a_taken_phone_number_id_is_a_conflict,
    create_with_a_taken_id_is_a_conflict,
    get_of_an_unknown_account_is_not_found,
    find_by_phone_number_id_returns_the_owner,
    find_by_phone_number_id_of_an_unknown_number_is_none,
    list_returns_every_account_oldest_first,
];

/// Asserts that `stored` is what was asked for in `new`, secrets included.
fn assert_matches_request(case: &str, stored: &Account, new: &NewAccount) {
    assert_eq!(stored.id, new.id, "{case}: id");
    assert_eq!(stored.name, new.name, "{case}: name");
    assert_eq!(
        stored.phone_number_id, new.phone_number_id,
        "{case}: phone_number_id"
    );
    assert_eq!(stored.waba_id, new.waba_id, "{case}: waba_id");
    assert_eq!(
        stored.display_phone_number, new.display_phone_number,
        "{case}: display_phone_number"
    );
    for (what, got, want) in [
        ("access_token", &stored.access_token, &new.access_token),
        ("app_secret", &stored.app_secret, &new.app_secret),
        ("verify_token", &stored.verify_token, &new.verify_token),
    ] {
        assert!(
            got.expose_secret() == want.expose_secret(),
            "{case}: {what} must come back as given"
        );
    }
}

/// Asserts that two reads of one account agree on every field, timestamps included.
fn assert_same_account(case: &str, a: &Account, b: &Account) {
    let as_new = |x: &Account| NewAccount {
        id: x.id,
        name: x.name.clone(),
        phone_number_id: x.phone_number_id.clone(),
        waba_id: x.waba_id.clone(),
        display_phone_number: x.display_phone_number.clone(),
        access_token: x.access_token.clone(),
        app_secret: x.app_secret.clone(),
        verify_token: x.verify_token.clone(),
    };
    assert_matches_request(case, a, &as_new(b));
    assert_eq!(a.created_at, b.created_at, "{case}: created_at");
    assert_eq!(a.updated_at, b.updated_at, "{case}: updated_at");
}

/// "Stores a new account and returns it as stored."
async fn create_returns_the_account_as_stored(case: &'static str, s: Storage) {
    let new = new_account();
    let created = s.accounts.create(new.clone()).await.must(case, "create");
    assert_matches_request(case, &created, &new);
    assert_whole_micros(case, "created_at", created.created_at);
    assert_whole_micros(case, "updated_at", created.updated_at);
    let read = s.accounts.get(new.id).await.must(case, "get");
    assert_same_account(case, &read, &created);
}

/// Credentials come back exactly, through every read.
async fn create_keeps_the_secrets(case: &'static str, s: Storage) {
    let new = new_account();
    s.accounts.create(new.clone()).await.must(case, "create");
    let by_id = s.accounts.get(new.id).await.must(case, "get");
    assert_matches_request(case, &by_id, &new);
    let by_number = s
        .accounts
        .find_by_phone_number_id(&new.phone_number_id)
        .await
        .must(case, "find")
        .must(case, "the account is found by its number");
    assert_matches_request(case, &by_number, &new);
    let listed = s.accounts.list().await.must(case, "list");
    let listed = listed
        .iter()
        .find(|a| a.id == new.id)
        .must(case, "the account is listed");
    assert_matches_request(case, listed, &new);
}

/// "`Conflict` (entity "account") when an account with the same `phone_number_id` ... exists."
async fn create_with_a_taken_phone_number_id_is_a_conflict(case: &'static str, s: Storage) {
    let first = account(&s).await;
    let second = NewAccount {
        phone_number_id: first.phone_number_id.clone(),
        ..new_account()
    };
    assert_conflict(case, "account", s.accounts.create(second.clone()).await);
    assert_not_found(case, "account", s.accounts.get(second.id).await);
    let owner = s
        .accounts
        .find_by_phone_number_id(&first.phone_number_id)
        .await
        .must(case, "find");
    assert_eq!(
        owner.map(|a| a.id),
        Some(first.id),
        "{case}: the number keeps its owner"
    );
}

/// "`Conflict` (entity "account") when an account with the same ... id exists."
async fn create_with_a_taken_id_is_a_conflict(case: &'static str, s: Storage) {
    let first = account(&s).await;
    let second = NewAccount {
        id: first.id,
        name: "Another name".to_owned(),
        ..new_account()
    };
    assert_conflict(case, "account", s.accounts.create(second.clone()).await);
    let stored = s.accounts.get(first.id).await.must(case, "get");
    assert_same_account(case, &stored, &first);
    let by_number = s
        .accounts
        .find_by_phone_number_id(&second.phone_number_id)
        .await
        .must(case, "find");
    assert!(
        by_number.is_none(),
        "{case}: the refused number must not be stored"
    );
}

/// "`NotFound` (entity "account") when there is none."
async fn get_of_an_unknown_account_is_not_found(case: &'static str, s: Storage) {
    account(&s).await;
    assert_not_found(case, "account", s.accounts.get(AccountId::generate()).await);
}

/// "The account that owns Meta's `phone_number_id`."
async fn find_by_phone_number_id_returns_the_owner(case: &'static str, s: Storage) {
    let mine = account(&s).await;
    account(&s).await;
    let found = s
        .accounts
        .find_by_phone_number_id(&mine.phone_number_id)
        .await
        .must(case, "find")
        .unwrap_or_else(|| panic!("{case}: the owner must be found"));
    assert_same_account(case, &found, &mine);
}

/// "..., or `None`."
async fn find_by_phone_number_id_of_an_unknown_number_is_none(case: &'static str, s: Storage) {
    account(&s).await;
    let unknown = PhoneNumberId::parse(&digits(16)).must(case, "valid number");
    let found = s
        .accounts
        .find_by_phone_number_id(&unknown)
        .await
        .must(case, "find");
    assert!(found.is_none(), "{case}: expected None, got {found:?}");
}

/// "Every account, oldest first." Ids are given in descending order so that an adapter
/// ordering by id instead of by age fails.
async fn list_returns_every_account_oldest_first(case: &'static str, s: Storage) {
    let mut ids: Vec<AccountId> = (0..3).map(|_| AccountId::generate()).collect();
    ids.reverse();
    for id in &ids {
        let new = NewAccount {
            id: *id,
            ..new_account()
        };
        s.accounts.create(new).await.must(case, "create");
        // Distinct creation times even on a store with a coarse clock.
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let listed: Vec<AccountId> = s
        .accounts
        .list()
        .await
        .must(case, "list")
        .into_iter()
        .map(|a| a.id)
        .filter(|id| ids.contains(id))
        .collect();
    assert_eq!(
        listed, ids,
        "{case}: accounts must be listed in creation order"
    );
}
