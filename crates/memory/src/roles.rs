//! The role catalogue in memory: `inbox_roles`, `inbox_create_role`, `inbox_delete_role`.

use inbox_domain::RepoError;
use inbox_domain::access::{InvitationState, NewRole, RoleDefinition, RoleDeletion, RoleKey};

use crate::access::{AccessTables, StoredRole};

impl AccessTables {
    /// Every role, built-in ones first, then by key.
    pub(crate) fn role_list(&self) -> Vec<RoleDefinition> {
        let mut roles: Vec<RoleDefinition> = self
            .roles
            .iter()
            .map(|(key, role)| definition(key, role))
            .collect();
        roles.sort_by(|a, b| b.builtin.cmp(&a.builtin).then_with(|| a.key.cmp(&b.key)));
        roles
    }

    /// Creates a custom role; its key must be free.
    pub(crate) fn insert_role(&mut self, new: NewRole) -> Result<RoleDefinition, RepoError> {
        if self.roles.contains_key(&new.key) {
            return Err(RepoError::Conflict {
                entity: "role",
                constraint: "app_roles_key_key".to_owned(),
            });
        }
        let stored = StoredRole {
            name: new.name,
            description: new.description,
            permissions: new.permissions,
            builtin: false,
        };
        let created = definition(&new.key, &stored);
        self.roles.insert(new.key, stored);
        Ok(created)
    }

    /// Deletes a custom role nobody holds and no pending invitation grants.
    pub(crate) fn remove_role_definition(&mut self, key: &RoleKey) -> RoleDeletion {
        let Some(role) = self.roles.get(key) else {
            return RoleDeletion::Missing;
        };
        if role.builtin {
            return RoleDeletion::Builtin;
        }
        let held = self
            .assignments
            .values()
            .any(|held| held.iter().any(|(_, role)| role == key));
        let invited = self.invitations.values().any(|invitation| {
            invitation.state == InvitationState::Pending
                && invitation.grants.iter().any(|grant| &grant.role == key)
        });
        if held || invited {
            return RoleDeletion::InUse;
        }
        self.roles.remove(key);
        RoleDeletion::Deleted
    }
}

fn definition(key: &RoleKey, role: &StoredRole) -> RoleDefinition {
    RoleDefinition {
        key: key.clone(),
        name: role.name.clone(),
        description: role.description.clone(),
        permissions: role.permissions,
        builtin: role.builtin,
    }
}
