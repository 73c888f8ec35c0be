//! The `AccessRepo` contract: app users, role grants per account or global, first sign-in.

use inbox_domain::access::{BUILTIN_ROLES, NewAppUser, RoleKey, builtin_permissions};
use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, AppUserId, IdentityId};
use uuid::Uuid;

use super::fixtures::{Must, account, assert_conflict, assert_missing_reference, assert_not_found};

super::cases![
    load_of_an_identity_without_a_user_is_none,
    a_created_user_loads_by_identity_with_no_roles,
    create_user_with_a_taken_email_in_any_case_is_a_conflict,
    create_user_with_a_taken_identity_is_a_conflict,
    user_by_email_ignores_case_and_unknown_is_not_found,
    an_assigned_role_loads_with_its_permissions,
    assign_role_twice_changes_nothing,
    a_global_role_loads_without_an_account,
    assign_role_with_an_unknown_user_account_or_role_is_a_missing_reference,
    remove_role_reports_whether_it_was_held,
    claim_identity_links_an_unlinked_user_with_the_email,
    claim_identity_returns_an_already_linked_user_as_is,
    claim_identity_without_user_or_invitation_is_none,
    claim_identity_never_takes_a_user_linked_to_another_identity,
];

fn identity() -> IdentityId {
    IdentityId::from_uuid(Uuid::new_v4())
}

fn email() -> String {
    format!("agent-{}@example.com", Uuid::new_v4().simple())
}

fn role(key: &str) -> RoleKey {
    key.parse()
        .unwrap_or_else(|e| panic!("role key {key}: {e}"))
}

async fn user(s: &Storage, linked: Option<IdentityId>) -> inbox_domain::access::AppUser {
    let new = NewAppUser::new(&email(), Some("Agent"), linked).must("fixture", "new user");
    s.access
        .create_user(new)
        .await
        .must("fixture", "create user")
}

/// "`None` when no user is linked to it."
async fn load_of_an_identity_without_a_user_is_none(case: &'static str, s: Storage) {
    let loaded = s.access.load(identity()).await.must(case, "load");
    assert!(loaded.is_none(), "{case}: {loaded:?}");
}

/// "The user linked to `identity` with every role ... and override, in one read."
async fn a_created_user_loads_by_identity_with_no_roles(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    assert!(created.active, "{case}: a new user is active");
    assert_eq!(created.identity, Some(who), "{case}: identity");
    let loaded = s.access.load(who).await.must(case, "load");
    let record = loaded.unwrap_or_else(|| panic!("{case}: the user must load"));
    assert_eq!(record.user, created, "{case}: the same user");
    assert!(
        record.roles.is_empty() && record.overrides.is_empty(),
        "{case}: {record:?}"
    );
}

/// "`Conflict` (entity "user") when the email (case-insensitively) ... is already taken."
async fn create_user_with_a_taken_email_in_any_case_is_a_conflict(case: &'static str, s: Storage) {
    let first = user(&s, None).await;
    let again = NewAppUser::new(&first.email.to_uppercase(), None, None).must(case, "new user");
    assert_conflict(case, "user", s.access.create_user(again).await);
}

/// "`Conflict` (entity "user") when ... the identity is already taken."
async fn create_user_with_a_taken_identity_is_a_conflict(case: &'static str, s: Storage) {
    let who = identity();
    user(&s, Some(who)).await;
    let again = NewAppUser::new(&email(), None, Some(who)).must(case, "new user");
    assert_conflict(case, "user", s.access.create_user(again).await);
}

/// "The user with this email, compared case-insensitively." / "`NotFound` (entity "user")"
async fn user_by_email_ignores_case_and_unknown_is_not_found(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let found = s
        .access
        .user_by_email(&created.email.to_uppercase())
        .await
        .must(case, "by email");
    assert_eq!(found, created, "{case}: the same user");
    assert_not_found(case, "user", s.access.user_by_email(&email()).await);
}

/// "Gives `user` the role on `account`" — with the role's permissions, as seeded.
async fn an_assigned_role_loads_with_its_permissions(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    for builtin in BUILTIN_ROLES {
        s.access
            .assign_role(created.id, Some(owner.id), &role(builtin.key))
            .await
            .must(case, "assign");
    }
    let record = s.access.load(who).await.must(case, "load");
    let record = record.unwrap_or_else(|| panic!("{case}: the user must load"));
    assert_eq!(
        record.roles.len(),
        BUILTIN_ROLES.len(),
        "{case}: {record:?}"
    );
    for grant in &record.roles {
        assert_eq!(grant.account, Some(owner.id), "{case}: account");
        assert_eq!(
            Some(grant.permissions),
            builtin_permissions(grant.role.as_str()),
            "{case}: permissions of {}",
            grant.role
        );
        let builtin = BUILTIN_ROLES.iter().find(|b| b.key == grant.role.as_str());
        assert_eq!(
            builtin.map(|b| b.name),
            Some(grant.role_name.as_str()),
            "{case}: name"
        );
    }
}

/// "Idempotent: granting a held role changes nothing."
async fn assign_role_twice_changes_nothing(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    for _ in 0..2 {
        s.access
            .assign_role(created.id, Some(owner.id), &role("agent"))
            .await
            .must(case, "assign");
    }
    let record = s.access.load(who).await.must(case, "load");
    assert_eq!(record.map(|r| r.roles.len()), Some(1), "{case}: one grant");
}

/// "`None`: on every account, present and future."
async fn a_global_role_loads_without_an_account(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    for account in [None, None, Some(owner.id)] {
        s.access
            .assign_role(created.id, account, &role("viewer"))
            .await
            .must(case, "assign");
    }
    let record = s.access.load(who).await.must(case, "load");
    let roles = record.map(|r| r.roles).unwrap_or_default();
    let accounts: Vec<Option<AccountId>> = roles.iter().map(|g| g.account).collect();
    assert_eq!(
        accounts.len(),
        2,
        "{case}: one global grant, one on the account"
    );
    assert!(
        accounts.contains(&None) && accounts.contains(&Some(owner.id)),
        "{case}"
    );
}

/// "`MissingReference` (entity "user", "account" or "role") when one does not exist."
async fn assign_role_with_an_unknown_user_account_or_role_is_a_missing_reference(
    case: &'static str,
    s: Storage,
) {
    let created = user(&s, None).await;
    let owner = account(&s).await;
    let access = &s.access;
    let unknown_user = access
        .assign_role(AppUserId::generate(), Some(owner.id), &role("agent"))
        .await;
    assert_missing_reference(case, "user", unknown_user);
    let unknown_account = access
        .assign_role(created.id, Some(AccountId::generate()), &role("agent"))
        .await;
    assert_missing_reference(case, "account", unknown_account);
    let unknown_role = access
        .assign_role(created.id, Some(owner.id), &role("no_such_role"))
        .await;
    assert_missing_reference(case, "role", unknown_role);
}

/// "Takes the role ... `false` when the user did not hold it there."
async fn remove_role_reports_whether_it_was_held(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    let agent = role("agent");
    s.access
        .assign_role(created.id, Some(owner.id), &agent)
        .await
        .must(case, "assign");
    let global = s.access.remove_role(created.id, None, &agent).await;
    assert!(
        !global.must(case, "remove global"),
        "{case}: not held globally"
    );
    let removed = s
        .access
        .remove_role(created.id, Some(owner.id), &agent)
        .await;
    assert!(removed.must(case, "remove"), "{case}: was held");
    let again = s
        .access
        .remove_role(created.id, Some(owner.id), &agent)
        .await;
    assert!(!again.must(case, "remove again"), "{case}: no longer held");
    let record = s.access.load(who).await.must(case, "load");
    assert_eq!(
        record.map(|r| r.roles.len()),
        Some(0),
        "{case}: no roles left"
    );
}

/// "An unlinked user whose email matches (case-insensitively) takes the identity."
async fn claim_identity_links_an_unlinked_user_with_the_email(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let owner = account(&s).await;
    s.access
        .assign_role(created.id, Some(owner.id), &role("agent"))
        .await
        .must(case, "assign");
    let who = identity();
    let claimed = s
        .access
        .claim_identity(who, &created.email.to_uppercase(), AppUserId::generate())
        .await
        .must(case, "claim");
    let record = claimed.unwrap_or_else(|| panic!("{case}: the user must be claimed"));
    assert_eq!(record.user.id, created.id, "{case}: the existing user");
    assert_eq!(record.user.identity, Some(who), "{case}: now linked");
    assert_eq!(record.roles.len(), 1, "{case}: with its roles");
    let loaded = s.access.load(who).await.must(case, "load");
    assert_eq!(loaded, Some(record), "{case}: load sees the link");
}

/// "A user already linked to `identity` is returned as is."
async fn claim_identity_returns_an_already_linked_user_as_is(case: &'static str, s: Storage) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let claimed = s
        .access
        .claim_identity(who, &email(), AppUserId::generate())
        .await
        .must(case, "claim");
    assert_eq!(claimed.map(|r| r.user), Some(created), "{case}");
}

/// "`None` when neither exists."
async fn claim_identity_without_user_or_invitation_is_none(case: &'static str, s: Storage) {
    let claimed = s
        .access
        .claim_identity(identity(), &email(), AppUserId::generate())
        .await
        .must(case, "claim");
    assert!(claimed.is_none(), "{case}: {claimed:?}");
}

/// "An unlinked user whose email matches ... takes the identity": a linked one never does.
async fn claim_identity_never_takes_a_user_linked_to_another_identity(
    case: &'static str,
    s: Storage,
) {
    let created = user(&s, Some(identity())).await;
    let intruder = identity();
    let claimed = s
        .access
        .claim_identity(intruder, &created.email, AppUserId::generate())
        .await
        .must(case, "claim");
    assert!(claimed.is_none(), "{case}: {claimed:?}");
    let loaded = s.access.load(intruder).await.must(case, "load");
    assert!(loaded.is_none(), "{case}: {loaded:?}");
}
