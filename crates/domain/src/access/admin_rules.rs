//! Who may administer whom: the rules behind user, role, override and invitation changes.
//!
//! - Changing grants on account X needs `users.manage` on X; on every account (a global grant),
//!   `users.manage` globally.
//! - Nobody grants what they do not hold: giving a role, granting a permission or lifting a
//!   deny needs the caller to hold every permission involved on that scope (no escalation).
//! - Acting on a user as a whole (deleting) needs `users.manage` on every scope the user holds
//!   something on; a user none of whose accounts the caller sees is hidden (not found).

use crate::access::{AccessRecord, AccountScope, Denied, Permission, PermissionSet, Principal};
use crate::ids::AccountId;

/// What `principal` holds on `scope` (`None`: the global part, on every account).
fn held(principal: &Principal, scope: Option<AccountId>) -> PermissionSet {
    match scope {
        Some(account) => principal.permissions_on(account),
        None => principal.global().permissions,
    }
}

/// Checks that `principal` may change grants on `scope` at all (`users.manage` there).
///
/// # Errors
/// `Hidden` when the account is not visible to the principal; `Missing(users.manage)` when it is
/// but the permission is not held there (or globally, for a global scope).
pub fn may_administer(principal: &Principal, scope: Option<AccountId>) -> Result<(), Denied> {
    match scope {
        Some(account) => principal.authorize(account, Permission::UsersManage),
        None => principal.authorize_everywhere(Permission::UsersManage),
    }
}

/// Checks that `principal` may give `permissions` on `scope` (a role made of them, or grants):
/// `users.manage` there and every one of `permissions` held there.
///
/// # Errors
/// As [`may_administer`]; `Missing(p)` for the first permission `p` the principal lacks there.
pub fn may_give(
    principal: &Principal,
    scope: Option<AccountId>,
    permissions: PermissionSet,
) -> Result<(), Denied> {
    may_administer(principal, scope)?;
    let own = held(principal, scope);
    match permissions.iter().find(|p| !own.contains(*p)) {
        Some(missing) => Err(Denied::Missing(missing)),
        None => Ok(()),
    }
}

/// The scopes `target` holds something on: its accounts, and `None` for any global grant.
/// A user holding nothing at all counts as global: only a global manager sees them.
pub fn scopes_of(target: &AccessRecord) -> Vec<Option<AccountId>> {
    let mut scopes: Vec<Option<AccountId>> = target
        .roles
        .iter()
        .map(|r| r.account)
        .chain(target.overrides.iter().map(|o| o.account))
        .collect();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        scopes.push(None);
    }
    scopes
}

/// Checks that `principal` may act on `target` as a whole (delete them): `users.manage` on
/// every scope the target holds something on. The target is hidden from a principal who sees
/// none of its accounts (and does not manage users globally).
///
/// # Errors
/// `Hidden` when the target is not visible to the principal; `Missing(users.manage)` when it
/// is, but some scope of the target is not the principal's to manage.
pub fn may_manage_user(principal: &Principal, target: &AccessRecord) -> Result<(), Denied> {
    let global = principal
        .authorize_everywhere(Permission::UsersManage)
        .is_ok();
    let scopes = scopes_of(target);
    let visible = global
        || scopes
            .iter()
            .flatten()
            .any(|account| principal.can_see(*account));
    if !visible {
        return Err(Denied::Hidden);
    }
    for scope in scopes {
        may_administer(principal, scope).map_err(|_| Denied::Missing(Permission::UsersManage))?;
    }
    Ok(())
}

/// The accounts whose users `principal` may list.
///
/// # Errors
/// `Missing(users.manage)` when the principal manages users nowhere.
pub fn user_list_scope(principal: &Principal) -> Result<AccountScope, Denied> {
    match principal.accounts_with(Permission::UsersManage) {
        AccountScope::Only(accounts) if accounts.is_empty() => {
            Err(Denied::Missing(Permission::UsersManage))
        }
        scope => Ok(scope),
    }
}
