//! User administration in memory, as `migrations/V11__user_admin.sql` does it: the user list,
//! overrides, deleting a user, profiles, and first sign-in with invitations
//! (`inbox_claim_identity` of V8).

use inbox_domain::access::{
    AccessRecord, AccountScope, AppUser, NewAppUser, Permission, PermissionOverride,
};
use inbox_domain::{AccountId, AppUserId, IdentityId, PageLimit, RepoError};

use crate::access::AccessTables;
use crate::clock::now;
use crate::state::State;

impl AccessTables {
    /// Whether `user` holds a role or override on one of `accounts`.
    fn holds_on(&self, user: AppUserId, accounts: &[AccountId]) -> bool {
        let on = |account: &Option<AccountId>| account.is_some_and(|a| accounts.contains(&a));
        let roles = self.assignments.get(&user).into_iter().flatten();
        let overrides = self.overrides.get(&user).into_iter().flatten();
        roles.map(|(account, _)| account).any(on) || overrides.map(|o| &o.account).any(on)
    }

    /// `inbox_list_users`.
    pub(crate) fn list_users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Vec<AccessRecord> {
        let mut ids: Vec<AppUserId> = self
            .users
            .keys()
            .copied()
            .filter(|id| after.is_none_or(|after| *id > after))
            .filter(|id| match scope {
                AccountScope::All => true,
                AccountScope::Only(accounts) => self.holds_on(*id, accounts),
            })
            .collect();
        ids.sort_unstable();
        ids.into_iter()
            .take(usize::from(limit.get()))
            .filter_map(|id| self.record(id))
            .collect()
    }

    /// `inbox_remove_override`.
    pub(crate) fn remove_override(
        &mut self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> bool {
        let Some(overrides) = self.overrides.get_mut(&user) else {
            return false;
        };
        let before = overrides.len();
        overrides.retain(|o| !(o.account == account && o.permission == permission));
        overrides.len() != before
    }

    /// `inbox_delete_user`: the user, their roles and overrides; invitations lose the inviter.
    pub(crate) fn delete_user(&mut self, user: AppUserId) -> Result<AppUser, RepoError> {
        let removed = self
            .users
            .remove(&user)
            .ok_or(RepoError::not_found("user"))?;
        if let Some(identity) = removed.identity {
            self.user_by_identity.remove(&identity);
        }
        self.user_by_email.remove(&removed.email.to_lowercase());
        self.assignments.remove(&user);
        self.overrides.remove(&user);
        for invitation in self.invitations.values_mut() {
            if invitation.invited_by == Some(user) {
                invitation.invited_by = None;
            }
        }
        Ok(removed)
    }

    /// `UPDATE app_users SET ... RETURNING *`.
    pub(crate) fn update_user(
        &mut self,
        user: AppUserId,
        change: impl FnOnce(&mut AppUser),
    ) -> Result<AppUser, RepoError> {
        let stored = self
            .users
            .get_mut(&user)
            .ok_or(RepoError::not_found("user"))?;
        change(stored);
        Ok(stored.clone())
    }
}

impl State {
    /// `inbox_set_override`: user and account must exist; replaces the same permission's
    /// override on the same scope.
    pub(crate) fn set_override(
        &mut self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError> {
        if !self.access.users.contains_key(&user) {
            return Err(RepoError::MissingReference { entity: "user" });
        }
        if grant
            .account
            .is_some_and(|account| !self.accounts.contains_key(&account))
        {
            return Err(RepoError::MissingReference { entity: "account" });
        }
        let overrides = self.access.overrides.entry(user).or_default();
        overrides.retain(|o| !(o.account == grant.account && o.permission == grant.permission));
        overrides.push(grant.clone());
        overrides.sort_by_key(|o| (o.account, o.permission));
        Ok(())
    }

    /// `inbox_claim_identity`: links an unlinked user with the email, and accepts a pending,
    /// unexpired invitation of the email (creating the user as `new_user` when there is none,
    /// granting its roles on the accounts that still exist). The linked user, if any.
    pub(crate) fn claim(
        &mut self,
        identity: IdentityId,
        email: &str,
        new_user: AppUserId,
    ) -> Option<AppUserId> {
        if let Some(user) = self.access.user_by_identity.get(&identity) {
            return Some(*user);
        }
        let mut linked = self.link_unlinked(identity, email);
        let now = now();
        let pending = self
            .access
            .invitations
            .values()
            .find(|i| {
                i.email.eq_ignore_ascii_case(email)
                    && i.state == inbox_domain::access::InvitationState::Pending
                    && i.expires_at > now
            })
            .cloned();
        if let Some(invitation) = pending {
            if linked.is_none() {
                let new = NewAppUser {
                    id: new_user,
                    identity: Some(identity),
                    email: invitation.email.clone(),
                    display_name: None,
                };
                linked = self.access.insert_user(new).ok().map(|u| u.id);
            }
            if let Some(user) = linked {
                for grant in &invitation.grants {
                    // Roles or accounts deleted since the invitation are skipped, as in SQL.
                    let _skipped = self.assign_role(user, grant.account, &grant.role);
                }
                if let Some(stored) = self.access.invitations.get_mut(&invitation.id) {
                    stored.state = inbox_domain::access::InvitationState::Accepted;
                    stored.accepted_at = Some(now);
                    stored.identity = Some(identity);
                }
            }
        }
        self.access.user_by_identity.get(&identity).copied()
    }

    /// An unlinked user whose email matches takes `identity`.
    fn link_unlinked(&mut self, identity: IdentityId, email: &str) -> Option<AppUserId> {
        let access = &mut self.access;
        let id = *access.user_by_email.get(&email.to_lowercase())?;
        let user = access.users.get_mut(&id)?;
        if user.identity.is_some() {
            return None;
        }
        user.identity = Some(identity);
        access.user_by_identity.insert(identity, id);
        Some(id)
    }
}
