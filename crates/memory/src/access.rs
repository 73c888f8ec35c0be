//! `AccessRepo` in memory: app users, role grants (per account or global) and overrides.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_trait::async_trait;
use inbox_domain::access::{
    AccessRecord, AccountScope, AppUser, BUILTIN_ROLES, InvitationRecord, InvitationState,
    NewAppUser, NewInvitation, NewRole, Permission, PermissionOverride, PermissionSet,
    RoleDefinition, RoleGrant, RoleKey, builtin_permissions,
};
use inbox_domain::ids::InvitationId;
use inbox_domain::ports::AccessRepo;
use inbox_domain::{AccountId, AppUserId, IdentityId, PageLimit, RepoError};

use crate::clock::now;
use crate::state::State;
use crate::store::MemoryStore;

/// A role as `app_roles` and `app_role_permissions` hold it.
#[derive(Debug, Clone)]
pub(crate) struct StoredRole {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) permissions: PermissionSet,
    pub(crate) builtin: bool,
}

/// The access tables: `app_users`, `app_roles`, `app_user_roles`, `app_user_overrides`.
pub(crate) struct AccessTables {
    pub(crate) users: HashMap<AppUserId, AppUser>,
    /// `app_users.identity_id` (unique).
    pub(crate) user_by_identity: HashMap<IdentityId, AppUserId>,
    /// `app_users_email_key` on `lower(email)`.
    pub(crate) user_by_email: HashMap<String, AppUserId>,
    /// `app_roles` by key, seeded with the built-in roles as the migration does.
    pub(crate) roles: BTreeMap<RoleKey, StoredRole>,
    /// `app_user_roles` per user: (account or every account, role), unique with NULLs equal.
    pub(crate) assignments: HashMap<AppUserId, BTreeSet<(Option<AccountId>, RoleKey)>>,
    /// `app_user_overrides`, per user.
    pub(crate) overrides: HashMap<AppUserId, Vec<PermissionOverride>>,
    /// `invitations`, with their stored state (a pending one past its expiry reads expired).
    pub(crate) invitations: BTreeMap<InvitationId, InvitationRecord>,
}

impl Default for AccessTables {
    fn default() -> Self {
        let roles = BUILTIN_ROLES
            .iter()
            .filter_map(|role| {
                let key = role.key.parse().ok()?;
                let permissions = builtin_permissions(role.key)?;
                let stored = StoredRole {
                    name: role.name.to_owned(),
                    description: Some(role.description.to_owned()),
                    permissions,
                    builtin: true,
                };
                Some((key, stored))
            })
            .collect();
        Self {
            users: HashMap::new(),
            user_by_identity: HashMap::new(),
            user_by_email: HashMap::new(),
            roles,
            assignments: HashMap::new(),
            overrides: HashMap::new(),
            invitations: BTreeMap::new(),
        }
    }
}

impl AccessTables {
    /// What `inbox_access_record` returns for `user`.
    pub(crate) fn record(&self, user: AppUserId) -> Option<AccessRecord> {
        let app_user = self.users.get(&user)?.clone();
        let roles = self
            .assignments
            .get(&user)
            .into_iter()
            .flatten()
            .filter_map(|(account, key)| {
                let role = self.roles.get(key)?;
                Some(RoleGrant {
                    account: *account,
                    role: key.clone(),
                    role_name: role.name.clone(),
                    permissions: role.permissions,
                })
            })
            .collect();
        Some(AccessRecord {
            user: app_user,
            roles,
            overrides: self.overrides.get(&user).cloned().unwrap_or_default(),
        })
    }

    /// `INSERT INTO app_users`: email and identity unique.
    pub(crate) fn insert_user(&mut self, new: NewAppUser) -> Result<AppUser, RepoError> {
        let email_key = new.email.to_lowercase();
        let identity_taken = new
            .identity
            .is_some_and(|identity| self.user_by_identity.contains_key(&identity));
        if self.user_by_email.contains_key(&email_key) || identity_taken {
            return Err(RepoError::Conflict {
                entity: "user",
                constraint: if identity_taken {
                    "app_users_identity_id_key"
                } else {
                    "app_users_email_key"
                }
                .to_owned(),
            });
        }
        let user = AppUser {
            id: new.id,
            identity: new.identity,
            email: new.email,
            display_name: new.display_name,
            avatar_key: None,
            active: true,
            created_at: now(),
        };
        if let Some(identity) = user.identity {
            self.user_by_identity.insert(identity, user.id);
        }
        self.user_by_email.insert(email_key, user.id);
        self.users.insert(user.id, user.clone());
        Ok(user)
    }
}

impl State {
    /// `inbox_assign_role`: user, account and role must exist.
    pub(crate) fn assign_role(
        &mut self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<(), RepoError> {
        let missing = |entity| Err(RepoError::MissingReference { entity });
        if !self.access.users.contains_key(&user) {
            return missing("user");
        }
        if account.is_some_and(|account| !self.accounts.contains_key(&account)) {
            return missing("account");
        }
        if !self.access.roles.contains_key(role) {
            return missing("role");
        }
        self.access
            .assignments
            .entry(user)
            .or_default()
            .insert((account, role.clone()));
        Ok(())
    }
}

#[async_trait]
impl AccessRepo for MemoryStore {
    async fn load(&self, identity: IdentityId) -> Result<Option<AccessRecord>, RepoError> {
        let state = self.read()?;
        let access = &state.access;
        Ok(access
            .user_by_identity
            .get(&identity)
            .and_then(|user| access.record(*user)))
    }

    async fn claim_identity(
        &self,
        identity: IdentityId,
        email: &str,
        new_user: AppUserId,
    ) -> Result<Option<AccessRecord>, RepoError> {
        let mut state = self.write()?;
        let user = state.claim(identity, email, new_user);
        Ok(user.and_then(|user| state.access.record(user)))
    }

    async fn create_user(&self, user: NewAppUser) -> Result<AppUser, RepoError> {
        self.write()?.access.insert_user(user)
    }

    async fn user_by_email(&self, email: &str) -> Result<AppUser, RepoError> {
        let state = self.read()?;
        let access = &state.access;
        access
            .user_by_email
            .get(&email.trim().to_lowercase())
            .and_then(|id| access.users.get(id))
            .cloned()
            .ok_or(RepoError::not_found("user"))
    }

    async fn assign_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<(), RepoError> {
        self.write()?.assign_role(user, account, role)
    }

    async fn remove_role(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        role: &RoleKey,
    ) -> Result<bool, RepoError> {
        let mut state = self.write()?;
        let held = state.access.assignments.get_mut(&user);
        Ok(held.is_some_and(|held| held.remove(&(account, role.clone()))))
    }

    async fn user(&self, id: AppUserId) -> Result<AccessRecord, RepoError> {
        self.read()?
            .access
            .record(id)
            .ok_or(RepoError::not_found("user"))
    }

    async fn list_users(
        &self,
        scope: &AccountScope,
        after: Option<AppUserId>,
        limit: PageLimit,
    ) -> Result<Vec<AccessRecord>, RepoError> {
        Ok(self.read()?.access.list_users(scope, after, limit))
    }

    async fn list_roles(&self) -> Result<Vec<RoleDefinition>, RepoError> {
        Ok(self.read()?.access.role_list())
    }

    async fn create_role(&self, role: NewRole) -> Result<RoleDefinition, RepoError> {
        self.write()?.access.insert_role(role)
    }

    async fn delete_role(&self, role: &RoleKey) -> Result<(), RepoError> {
        self.write()?
            .access
            .remove_role_definition(role)
            .into_result()
    }

    async fn role_permissions(&self, role: &RoleKey) -> Result<PermissionSet, RepoError> {
        let state = self.read()?;
        let stored = state.access.roles.get(role);
        stored
            .map(|r| r.permissions)
            .ok_or(RepoError::not_found("role"))
    }

    async fn set_override(
        &self,
        user: AppUserId,
        grant: &PermissionOverride,
    ) -> Result<(), RepoError> {
        self.write()?.set_override(user, grant)
    }

    async fn remove_override(
        &self,
        user: AppUserId,
        account: Option<AccountId>,
        permission: Permission,
    ) -> Result<bool, RepoError> {
        Ok(self
            .write()?
            .access
            .remove_override(user, account, permission))
    }

    async fn delete_user(&self, user: AppUserId) -> Result<AppUser, RepoError> {
        self.write()?.access.delete_user(user)
    }

    async fn create_invitation(
        &self,
        invitation: NewInvitation,
    ) -> Result<InvitationRecord, RepoError> {
        self.write()?.create_invitation(invitation)
    }

    async fn invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        self.read()?
            .access
            .invitation(id)
            .ok_or(RepoError::not_found("invitation"))
    }

    async fn list_invitations(
        &self,
        scope: &AccountScope,
        state: Option<InvitationState>,
        before: Option<InvitationId>,
        limit: PageLimit,
    ) -> Result<Vec<InvitationRecord>, RepoError> {
        Ok(self
            .read()?
            .access
            .list_invitations(scope, state, before, limit))
    }

    async fn revoke_invitation(&self, id: InvitationId) -> Result<InvitationRecord, RepoError> {
        self.write()?.access.revoke_invitation(id)
    }

    async fn update_profile(
        &self,
        user: AppUserId,
        display_name: Option<String>,
    ) -> Result<AppUser, RepoError> {
        self.write()?
            .access
            .update_user(user, |u| u.display_name = display_name)
    }

    async fn set_avatar(
        &self,
        user: AppUserId,
        avatar_key: Option<String>,
    ) -> Result<AppUser, RepoError> {
        self.write()?
            .access
            .update_user(user, |u| u.avatar_key = avatar_key)
    }
}
