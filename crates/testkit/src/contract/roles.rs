//! The role catalogue of the `AccessRepo` contract: listing, creating and deleting roles.

use inbox_domain::access::{
    BUILTIN_ROLES, NewAppUser, NewRole, Permission, PermissionSet, RoleKey, builtin_permissions,
};
use inbox_domain::ports::Storage;
use uuid::Uuid;

use super::fixtures::{
    Must, account, assert_conflict, assert_invalid, assert_not_found, expect_err,
};

super::cases![
    list_roles_starts_with_the_builtin_ones_and_their_permissions,
    a_created_role_is_listed_and_grants_its_permissions,
    create_role_with_a_taken_key_is_a_conflict,
    delete_role_removes_an_unused_custom_role,
    delete_role_of_a_builtin_role_is_invalid,
    delete_role_of_an_unknown_role_is_not_found,
    delete_role_of_a_held_role_is_a_conflict_and_keeps_it,
];

fn custom_key() -> RoleKey {
    format!("custom_{}", &Uuid::new_v4().simple().to_string()[..12])
        .parse()
        .unwrap_or_else(|e| panic!("role key: {e}"))
}

fn night_shift(key: RoleKey) -> NewRole {
    let permissions: PermissionSet = [Permission::ConversationsRead, Permission::MessagesSend]
        .into_iter()
        .collect();
    NewRole::new(key, "Night shift", Some("Answers at night"), permissions)
        .unwrap_or_else(|e| panic!("new role: {e}"))
}

/// "Every role, built-in ones first, then custom ones by key."
async fn list_roles_starts_with_the_builtin_ones_and_their_permissions(
    case: &'static str,
    s: Storage,
) {
    s.access
        .create_role(night_shift(custom_key()))
        .await
        .must(case, "create");
    let roles = s.access.list_roles().await.must(case, "list");
    let builtin = BUILTIN_ROLES.len();
    assert!(roles.len() > builtin, "{case}: {roles:?}");
    for role in &roles[..builtin] {
        assert!(role.builtin, "{case}: {} first", role.key);
        assert_eq!(
            Some(role.permissions),
            builtin_permissions(role.key.as_str()),
            "{case}: permissions of {}",
            role.key
        );
    }
    let custom: Vec<&str> = roles[builtin..].iter().map(|r| r.key.as_str()).collect();
    let mut sorted = custom.clone();
    sorted.sort_unstable();
    assert_eq!(custom, sorted, "{case}: custom roles by key");
    assert!(roles[builtin..].iter().all(|r| !r.builtin), "{case}");
}

/// "Creates a custom role with its permissions, atomically."
async fn a_created_role_is_listed_and_grants_its_permissions(case: &'static str, s: Storage) {
    let key = custom_key();
    let created = s
        .access
        .create_role(night_shift(key.clone()))
        .await
        .must(case, "create");
    assert_eq!(created.key, key, "{case}: key");
    assert_eq!(
        created.description.as_deref(),
        Some("Answers at night"),
        "{case}"
    );
    assert!(!created.builtin, "{case}: custom");
    let listed = s.access.list_roles().await.must(case, "list");
    assert!(listed.contains(&created), "{case}: listed as created");
    let held = s
        .access
        .role_permissions(&key)
        .await
        .must(case, "permissions");
    assert_eq!(held, created.permissions, "{case}: role_permissions agrees");
}

/// "`Conflict` (entity "role") when the key is taken."
async fn create_role_with_a_taken_key_is_a_conflict(case: &'static str, s: Storage) {
    let key = custom_key();
    s.access
        .create_role(night_shift(key.clone()))
        .await
        .must(case, "create");
    assert_conflict(case, "role", s.access.create_role(night_shift(key)).await);
    let builtin = night_shift("agent".parse().unwrap_or_else(|e| panic!("{e}")));
    assert_conflict(case, "role", s.access.create_role(builtin).await);
}

/// "Deletes a custom role nobody holds."
async fn delete_role_removes_an_unused_custom_role(case: &'static str, s: Storage) {
    let key = custom_key();
    s.access
        .create_role(night_shift(key.clone()))
        .await
        .must(case, "create");
    s.access.delete_role(&key).await.must(case, "delete");
    let listed = s.access.list_roles().await.must(case, "list");
    assert!(listed.iter().all(|r| r.key != key), "{case}: gone");
    assert_not_found(case, "role", s.access.role_permissions(&key).await);
}

/// "`Invalid` (entity "role") for a built-in role."
async fn delete_role_of_a_builtin_role_is_invalid(case: &'static str, s: Storage) {
    let agent: RoleKey = "agent".parse().unwrap_or_else(|e| panic!("{e}"));
    assert_invalid(case, "role", s.access.delete_role(&agent).await);
    let listed = s.access.list_roles().await.must(case, "list");
    assert!(listed.iter().any(|r| r.key == agent), "{case}: kept");
}

/// "`NotFound` (entity "role") when there is no such role."
async fn delete_role_of_an_unknown_role_is_not_found(case: &'static str, s: Storage) {
    assert_not_found(case, "role", s.access.delete_role(&custom_key()).await);
}

/// "`Conflict` (entity "role", constraint `role_in_use`) while a user holds it."
async fn delete_role_of_a_held_role_is_a_conflict_and_keeps_it(case: &'static str, s: Storage) {
    let key = custom_key();
    s.access
        .create_role(night_shift(key.clone()))
        .await
        .must(case, "create");
    let email = format!("holder-{}@example.com", Uuid::new_v4().simple());
    let new = NewAppUser::new(&email, None, None).must(case, "new user");
    let user = s.access.create_user(new).await.must(case, "create user");
    let owner = account(&s).await;
    s.access
        .assign_role(user.id, Some(owner.id), &key)
        .await
        .must(case, "assign");
    let err = expect_err(case, "delete", s.access.delete_role(&key).await);
    assert!(
        matches!(&err, inbox_domain::RepoError::Conflict { entity: "role", constraint } if constraint == "role_in_use"),
        "{case}: {err:?}"
    );
    s.access
        .role_permissions(&key)
        .await
        .must(case, "still there");
}
