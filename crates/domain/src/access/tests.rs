//! How roles, global roles and overrides combine into a principal's permissions.

use time::OffsetDateTime;

use super::*;
use crate::ids::{AccountId, AppUserId};

fn user(active: bool) -> AppUser {
    AppUser {
        id: AppUserId::generate(),
        identity: None,
        email: "a@b.c".to_owned(),
        display_name: None,
        avatar_key: None,
        active,
        created_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn role(account: Option<AccountId>, key: &str) -> RoleGrant {
    RoleGrant {
        account,
        role: key.parse().unwrap(),
        role_name: key.to_owned(),
        permissions: builtin_permissions(key).unwrap(),
    }
}

fn over(account: Option<AccountId>, p: Permission, effect: OverrideEffect) -> PermissionOverride {
    PermissionOverride {
        account,
        permission: p,
        effect,
    }
}

fn principal(roles: Vec<RoleGrant>, overrides: Vec<PermissionOverride>) -> Principal {
    Principal::from_record(AccessRecord {
        user: user(true),
        roles,
        overrides,
    })
}

#[test]
fn a_role_on_one_account_shows_nothing_of_another() {
    let (a, b) = (AccountId::generate(), AccountId::generate());
    let p = principal(vec![role(Some(a), "agent")], vec![]);
    assert_eq!(p.authorize(a, Permission::MessagesSend), Ok(()));
    assert_eq!(
        p.authorize(a, Permission::UsersManage),
        Err(Denied::Missing(Permission::UsersManage))
    );
    assert_eq!(
        p.authorize(b, Permission::ConversationsRead),
        Err(Denied::Hidden)
    );
    assert!(!p.can_see(b));
    assert_eq!(
        p.accounts_with(Permission::MessagesSend),
        AccountScope::Only(vec![a])
    );
    assert_eq!(
        p.authorize_everywhere(Permission::AccountsManage),
        Err(Denied::Missing(Permission::AccountsManage))
    );
}

#[test]
fn roles_on_one_account_add_up() {
    let a = AccountId::generate();
    let p = principal(
        vec![role(Some(a), "viewer"), role(Some(a), "agent")],
        vec![],
    );
    assert!(p.permissions_on(a).contains(Permission::StatsRead));
    assert!(p.permissions_on(a).contains(Permission::MessagesSend));
}

#[test]
fn a_global_role_covers_every_account_including_new_ones() {
    let (a, unseen) = (AccountId::generate(), AccountId::generate());
    let p = principal(vec![role(None, "viewer"), role(Some(a), "agent")], vec![]);
    assert!(p.can_see(unseen));
    assert_eq!(
        p.permissions_on(unseen),
        builtin_permissions("viewer").unwrap()
    );
    assert!(p.permissions_on(a).contains(Permission::StatsRead));
    assert!(p.permissions_on(a).contains(Permission::MessagesSend));
    assert_eq!(
        p.accounts_with(Permission::ConversationsRead),
        AccountScope::All
    );
}

#[test]
fn an_account_override_beats_a_global_one_and_a_deny_beats_a_grant_at_one_level() {
    let (a, b) = (AccountId::generate(), AccountId::generate());
    let p = principal(
        vec![role(None, "agent")],
        vec![
            over(None, Permission::MessagesSend, OverrideEffect::Deny),
            over(Some(a), Permission::MessagesSend, OverrideEffect::Grant),
            over(Some(b), Permission::StatsRead, OverrideEffect::Grant),
            over(Some(b), Permission::StatsRead, OverrideEffect::Deny),
        ],
    );
    assert!(p.permissions_on(a).contains(Permission::MessagesSend));
    assert!(!p.permissions_on(b).contains(Permission::MessagesSend));
    assert!(!p.permissions_on(b).contains(Permission::StatsRead));
    assert!(!p.global().permissions.contains(Permission::MessagesSend));
}

#[test]
fn a_grant_alone_makes_an_account_visible_and_denying_everything_hides_it() {
    let (a, b) = (AccountId::generate(), AccountId::generate());
    let mut overrides = vec![over(Some(a), Permission::StatsRead, OverrideEffect::Grant)];
    overrides.extend(
        builtin_permissions("viewer")
            .unwrap()
            .iter()
            .map(|p| over(Some(b), p, OverrideEffect::Deny)),
    );
    let p = principal(vec![role(Some(b), "viewer")], overrides);
    assert_eq!(p.authorize(a, Permission::StatsRead), Ok(()));
    assert_eq!(
        p.authorize(b, Permission::ConversationsRead),
        Err(Denied::Hidden)
    );
}

#[test]
fn a_deactivated_user_may_do_nothing_but_keeps_their_roles_on_record() {
    let a = AccountId::generate();
    let p = Principal::from_record(AccessRecord {
        user: user(false),
        roles: vec![role(None, "admin"), role(Some(a), "admin")],
        overrides: vec![],
    });
    assert_eq!(
        p.authorize(a, Permission::ConversationsRead),
        Err(Denied::Hidden)
    );
    assert!(p.global().permissions.is_empty());
    assert_eq!(p.global().roles.len(), 1);
}
