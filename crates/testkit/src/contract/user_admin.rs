//! The `AccessRepo` contract, user administration: one user, the user list, roles' permissions,
//! overrides, deleting a user, profiles.

use inbox_domain::access::{
    AccountScope, AppUser, NewAppUser, OverrideEffect, Permission, PermissionOverride, RoleKey,
    builtin_permissions,
};
use inbox_domain::ports::Storage;
use inbox_domain::{AccountId, AppUserId, IdentityId, PageLimit};
use uuid::Uuid;

use super::fixtures::{Must, account, assert_missing_reference, assert_not_found};

super::cases![
    user_returns_the_record_and_an_unknown_one_is_not_found,
    list_users_of_every_account_is_ordered_by_id_and_continues_after,
    list_users_of_some_accounts_holds_their_role_and_override_holders_with_everything,
    role_permissions_are_the_roles_and_an_unknown_role_is_not_found,
    set_override_replaces_the_same_permission_on_the_same_scope,
    set_override_with_an_unknown_user_or_account_is_a_missing_reference,
    remove_override_reports_whether_there_was_one,
    delete_user_removes_roles_overrides_and_the_user_and_returns_it,
    delete_user_of_an_unknown_user_is_not_found,
    update_profile_sets_and_clears_the_display_name,
    set_avatar_sets_and_clears_the_key,
];

pub(super) fn identity() -> IdentityId {
    IdentityId::from_uuid(Uuid::new_v4())
}

pub(super) fn email() -> String {
    format!("admin-{}@example.com", Uuid::new_v4().simple())
}

pub(super) fn role(key: &str) -> RoleKey {
    key.parse()
        .unwrap_or_else(|e| panic!("role key {key}: {e}"))
}

pub(super) async fn user(s: &Storage, linked: Option<IdentityId>) -> AppUser {
    let new = NewAppUser::new(&email(), Some("Agent"), linked).must("fixture", "new user");
    s.access
        .create_user(new)
        .await
        .must("fixture", "create user")
}

fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "page limit")
}

fn over(account: Option<AccountId>, p: Permission, effect: OverrideEffect) -> PermissionOverride {
    PermissionOverride {
        account,
        permission: p,
        effect,
    }
}

/// "The record of user `id`" / "`NotFound` (entity "user") when there is no such user."
async fn user_returns_the_record_and_an_unknown_one_is_not_found(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let owner = account(&s).await;
    s.access
        .assign_role(created.id, Some(owner.id), &role("agent"))
        .await
        .must(case, "assign");
    let record = s.access.user(created.id).await.must(case, "user");
    assert_eq!(record.user, created, "{case}: the user");
    assert_eq!(record.roles.len(), 1, "{case}: with its role");
    assert_not_found(case, "user", s.access.user(AppUserId::generate()).await);
}

/// "ordered by id (oldest first), at most `limit`, after `after` when given. `All`: every user"
async fn list_users_of_every_account_is_ordered_by_id_and_continues_after(
    case: &'static str,
    s: Storage,
) {
    let mut mine = Vec::new();
    for _ in 0..3 {
        mine.push(user(&s, None).await.id);
    }
    mine.sort();
    let all = s
        .access
        .list_users(&AccountScope::All, None, limit(100))
        .await
        .must(case, "list");
    let ids: Vec<AppUserId> = all.iter().map(|r| r.user.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{case}: ordered by id");
    assert!(mine.iter().all(|id| ids.contains(id)), "{case}: every user");
    let next = s
        .access
        .list_users(&AccountScope::All, Some(mine[0]), limit(1))
        .await
        .must(case, "list after");
    assert_eq!(next.len(), 1, "{case}: at most the limit");
    assert!(next[0].user.id > mine[0], "{case}: after the given id");
}

/// "`Only(accounts)`: the users holding a role or override on one of `accounts` (their records
/// still list everything they hold)."
async fn list_users_of_some_accounts_holds_their_role_and_override_holders_with_everything(
    case: &'static str,
    s: Storage,
) {
    let (a, b, other) = (account(&s).await, account(&s).await, account(&s).await);
    let with_role = user(&s, None).await;
    let with_override = user(&s, None).await;
    let elsewhere = user(&s, None).await;
    let global = user(&s, None).await;
    let access = &s.access;
    access
        .assign_role(with_role.id, Some(a.id), &role("agent"))
        .await
        .must(case, "assign");
    access
        .assign_role(with_role.id, Some(other.id), &role("viewer"))
        .await
        .must(case, "assign other");
    let grant = over(Some(b.id), Permission::StatsRead, OverrideEffect::Grant);
    access
        .set_override(with_override.id, &grant)
        .await
        .must(case, "override");
    access
        .assign_role(elsewhere.id, Some(other.id), &role("agent"))
        .await
        .must(case, "assign elsewhere");
    access
        .assign_role(global.id, None, &role("admin"))
        .await
        .must(case, "assign global");
    let scope = AccountScope::Only(vec![a.id, b.id]);
    let listed = access
        .list_users(&scope, None, limit(100))
        .await
        .must(case, "list");
    let ids: Vec<AppUserId> = listed.iter().map(|r| r.user.id).collect();
    let mut want = vec![with_role.id, with_override.id];
    want.sort();
    assert_eq!(ids, want, "{case}: only holders on a or b");
    let first = listed.iter().find(|r| r.user.id == with_role.id);
    assert_eq!(
        first.map(|r| r.roles.len()),
        Some(2),
        "{case}: every role listed"
    );
}

/// "The permissions role `role` is made of." / "`NotFound` (entity "role")"
async fn role_permissions_are_the_roles_and_an_unknown_role_is_not_found(
    case: &'static str,
    s: Storage,
) {
    for key in ["admin", "supervisor", "agent", "viewer"] {
        let got = s.access.role_permissions(&role(key)).await.must(case, key);
        assert_eq!(Some(got), builtin_permissions(key), "{case}: {key}");
    }
    assert_not_found(
        case,
        "role",
        s.access.role_permissions(&role("no_such_role")).await,
    );
}

/// "Upsert: an override of the same permission on the same scope is replaced."
async fn set_override_replaces_the_same_permission_on_the_same_scope(
    case: &'static str,
    s: Storage,
) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    let p = Permission::MessagesSend;
    for o in [
        over(Some(owner.id), p, OverrideEffect::Grant),
        over(Some(owner.id), p, OverrideEffect::Deny),
        over(None, p, OverrideEffect::Grant),
    ] {
        s.access
            .set_override(created.id, &o)
            .await
            .must(case, "set");
    }
    let record = s.access.user(created.id).await.must(case, "user");
    let mut got = record.overrides;
    got.sort_by_key(|o| o.account);
    assert_eq!(
        got,
        vec![
            over(None, p, OverrideEffect::Grant),
            over(Some(owner.id), p, OverrideEffect::Deny)
        ],
        "{case}"
    );
}

/// "`MissingReference` (entity "user" or "account") when one does not exist."
async fn set_override_with_an_unknown_user_or_account_is_a_missing_reference(
    case: &'static str,
    s: Storage,
) {
    let created = user(&s, None).await;
    let grant = over(None, Permission::StatsRead, OverrideEffect::Grant);
    let unknown_user = s.access.set_override(AppUserId::generate(), &grant).await;
    assert_missing_reference(case, "user", unknown_user);
    let elsewhere = over(
        Some(AccountId::generate()),
        Permission::StatsRead,
        OverrideEffect::Grant,
    );
    let unknown_account = s.access.set_override(created.id, &elsewhere).await;
    assert_missing_reference(case, "account", unknown_account);
}

/// "Removes `user`'s override ... `false` when there was none."
async fn remove_override_reports_whether_there_was_one(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let owner = account(&s).await;
    let p = Permission::StatsRead;
    s.access
        .set_override(created.id, &over(Some(owner.id), p, OverrideEffect::Deny))
        .await
        .must(case, "set");
    let global = s.access.remove_override(created.id, None, p).await;
    assert!(!global.must(case, "remove global"), "{case}: none globally");
    let removed = s
        .access
        .remove_override(created.id, Some(owner.id), p)
        .await;
    assert!(removed.must(case, "remove"), "{case}: there was one");
    let again = s
        .access
        .remove_override(created.id, Some(owner.id), p)
        .await;
    assert!(!again.must(case, "remove again"), "{case}: gone");
    let record = s.access.user(created.id).await.must(case, "user");
    assert!(record.overrides.is_empty(), "{case}: {record:?}");
}

/// "Deletes `user`: role assignments, overrides and the user ...; returns the deleted user."
async fn delete_user_removes_roles_overrides_and_the_user_and_returns_it(
    case: &'static str,
    s: Storage,
) {
    let who = identity();
    let created = user(&s, Some(who)).await;
    let owner = account(&s).await;
    s.access
        .assign_role(created.id, Some(owner.id), &role("agent"))
        .await
        .must(case, "assign");
    let deny = over(None, Permission::StatsRead, OverrideEffect::Deny);
    s.access
        .set_override(created.id, &deny)
        .await
        .must(case, "override");
    let deleted = s.access.delete_user(created.id).await.must(case, "delete");
    assert_eq!(
        deleted, created,
        "{case}: the deleted user, with its identity"
    );
    assert_not_found(case, "user", s.access.user(created.id).await);
    let loaded = s.access.load(who).await.must(case, "load");
    assert!(loaded.is_none(), "{case}: the identity has no user");
    let again = NewAppUser::new(&created.email, None, Some(who)).must(case, "new user");
    let recreated = s.access.create_user(again).await.must(case, "recreate");
    let record = s.access.user(recreated.id).await.must(case, "user");
    assert!(
        record.roles.is_empty() && record.overrides.is_empty(),
        "{case}: nothing left behind: {record:?}"
    );
}

/// "`NotFound` (entity "user") when there is no such user."
async fn delete_user_of_an_unknown_user_is_not_found(case: &'static str, s: Storage) {
    assert_not_found(
        case,
        "user",
        s.access.delete_user(AppUserId::generate()).await,
    );
}

/// "Sets `user`'s display name (`None` clears it) and returns the updated user."
async fn update_profile_sets_and_clears_the_display_name(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let named = s
        .access
        .update_profile(created.id, Some("Ann Agent".to_owned()))
        .await
        .must(case, "set");
    assert_eq!(named.display_name.as_deref(), Some("Ann Agent"), "{case}");
    let record = s.access.user(created.id).await.must(case, "user");
    assert_eq!(record.user, named, "{case}: stored");
    let cleared = s
        .access
        .update_profile(created.id, None)
        .await
        .must(case, "clear");
    assert_eq!(cleared.display_name, None, "{case}: cleared");
    let unknown = s
        .access
        .update_profile(AppUserId::generate(), Some("X".to_owned()))
        .await;
    assert_not_found(case, "user", unknown);
}

/// "Sets where `user`'s profile picture is kept ... (`None` clears it)"
async fn set_avatar_sets_and_clears_the_key(case: &'static str, s: Storage) {
    let created = user(&s, None).await;
    let key = format!("avatars/{}", created.id);
    let with = s
        .access
        .set_avatar(created.id, Some(key.clone()))
        .await
        .must(case, "set");
    assert_eq!(with.avatar_key, Some(key), "{case}");
    assert_eq!(
        s.access.user(created.id).await.must(case, "user").user,
        with,
        "{case}: stored"
    );
    let without = s
        .access
        .set_avatar(created.id, None)
        .await
        .must(case, "clear");
    assert_eq!(without.avatar_key, None, "{case}: cleared");
    let unknown = s
        .access
        .set_avatar(AppUserId::generate(), Some("avatars/x".to_owned()))
        .await;
    assert_not_found(case, "user", unknown);
}
