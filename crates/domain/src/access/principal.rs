//! The person behind a request and what they may do on each account, computed once per load.

use std::collections::BTreeMap;

use crate::access::{
    AccessRecord, AppUser, OverrideEffect, Permission, PermissionOverride, PermissionSet, RoleKey,
};
use crate::ids::AccountId;

/// A role as the principal holds it: key and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRole {
    /// The role's key.
    pub key: RoleKey,
    /// The role's display name.
    pub name: String,
}

/// The roles and effective permissions on one account (or on every account, for the global
/// part).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountAccess {
    /// Roles held on exactly this scope (global roles are listed once, in the global part).
    pub roles: Vec<HeldRole>,
    /// What the person may do there, after roles, global roles and overrides.
    pub permissions: PermissionSet,
}

/// Why an action on an account is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The person has no access at all to the account: answer as if it did not exist.
    Hidden,
    /// The person sees the account but lacks this permission there.
    Missing(Permission),
}

/// Which accounts a question covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountScope {
    /// Every account, present and future (a global role or grant).
    All,
    /// Only these accounts.
    Only(Vec<AccountId>),
}

/// An authenticated person and their effective access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Who it is.
    pub user: AppUser,
    global: AccountAccess,
    accounts: BTreeMap<AccountId, AccountAccess>,
}

impl Principal {
    /// Computes effective permissions from stored grants. On an account: the permissions of
    /// global roles and of the account's roles, then global overrides, then the account's own
    /// overrides (the more specific wins; at one level a deny beats a grant). A deactivated
    /// user gets nothing anywhere.
    pub fn from_record(record: AccessRecord) -> Self {
        let AccessRecord {
            user,
            roles,
            overrides,
        } = record;
        let mut global = AccountAccess::default();
        let mut accounts: BTreeMap<AccountId, AccountAccess> = BTreeMap::new();
        let mut role_permissions: BTreeMap<AccountId, PermissionSet> = BTreeMap::new();
        let mut global_role_permissions = PermissionSet::EMPTY;
        for grant in roles {
            let held = HeldRole {
                key: grant.role,
                name: grant.role_name,
            };
            match grant.account {
                None => {
                    global_role_permissions = global_role_permissions.union(grant.permissions);
                    global.roles.push(held);
                }
                Some(account) => {
                    let set = role_permissions.entry(account).or_default();
                    *set = set.union(grant.permissions);
                    accounts.entry(account).or_default().roles.push(held);
                }
            }
        }
        let global_overrides: Vec<&PermissionOverride> =
            overrides.iter().filter(|o| o.account.is_none()).collect();
        for o in &overrides {
            if let Some(account) = o.account {
                accounts.entry(account).or_default();
            }
        }
        global.permissions = apply(global_role_permissions, global_overrides.iter().copied());
        for (account, access) in &mut accounts {
            let from_roles = global_role_permissions
                .union(role_permissions.get(account).copied().unwrap_or_default());
            let after_global = apply(from_roles, global_overrides.iter().copied());
            let own = overrides.iter().filter(|o| o.account == Some(*account));
            access.permissions = apply(after_global, own);
        }
        if !user.active {
            global.permissions = PermissionSet::EMPTY;
            for access in accounts.values_mut() {
                access.permissions = PermissionSet::EMPTY;
            }
        }
        Self {
            user,
            global,
            accounts,
        }
    }

    /// What the person may do on `account`.
    pub fn permissions_on(&self, account: AccountId) -> PermissionSet {
        self.accounts
            .get(&account)
            .map_or(self.global.permissions, |access| access.permissions)
    }

    /// Whether the person may know that `account` exists (holds any permission on it).
    pub fn can_see(&self, account: AccountId) -> bool {
        !self.permissions_on(account).is_empty()
    }

    /// Checks `permission` on `account`.
    ///
    /// # Errors
    /// `Hidden` when the person has nothing on the account; `Missing` when they see it but
    /// lack `permission`.
    pub fn authorize(&self, account: AccountId, permission: Permission) -> Result<(), Denied> {
        let held = self.permissions_on(account);
        if held.contains(permission) {
            Ok(())
        } else if held.is_empty() {
            Err(Denied::Hidden)
        } else {
            Err(Denied::Missing(permission))
        }
    }

    /// Checks `permission` on every account at once (a global role or grant), for actions
    /// not tied to one account: connecting a number, operating the webhook queue.
    ///
    /// # Errors
    /// `Missing` when the permission is not held globally.
    pub fn authorize_everywhere(&self, permission: Permission) -> Result<(), Denied> {
        if self.global.permissions.contains(permission) {
            Ok(())
        } else {
            Err(Denied::Missing(permission))
        }
    }

    /// The accounts on which the person holds `permission`. `All` comes from a global role or
    /// grant; an account override may still deny it on one account, so results that name
    /// accounts must still pass [`Principal::authorize`].
    pub fn accounts_with(&self, permission: Permission) -> AccountScope {
        if self.global.permissions.contains(permission) {
            return AccountScope::All;
        }
        AccountScope::Only(
            self.accounts
                .iter()
                .filter(|(_, access)| access.permissions.contains(permission))
                .map(|(account, _)| *account)
                .collect(),
        )
    }

    /// The global part: roles held on every account and the permissions they leave.
    pub fn global(&self) -> &AccountAccess {
        &self.global
    }

    /// The accounts the person has a role or override on, with their effective access.
    pub fn accounts(&self) -> impl Iterator<Item = (AccountId, &AccountAccess)> {
        self.accounts.iter().map(|(id, access)| (*id, access))
    }
}

/// Applies overrides to a set: grants first, then denies, so a deny wins at one level.
fn apply<'a>(
    mut set: PermissionSet,
    overrides: impl Iterator<Item = &'a PermissionOverride> + Clone,
) -> PermissionSet {
    for o in overrides.clone() {
        if o.effect == OverrideEffect::Grant {
            set.insert(o.permission);
        }
    }
    for o in overrides {
        if o.effect == OverrideEffect::Deny {
            set.remove(o.permission);
        }
    }
    set
}
