//! A role as administrators define it: key, name, description and permissions.

use crate::access::{PermissionSet, RoleKey};
use crate::error::{RepoError, ValidationError};

/// A role and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDefinition {
    /// The stable key, e.g. `agent` or `night_shift`.
    pub key: RoleKey,
    /// Display name, 1 to 100 characters.
    pub name: String,
    /// What the role is for.
    pub description: Option<String>,
    /// The permissions it grants.
    pub permissions: PermissionSet,
    /// Shipped with the product: cannot be deleted.
    pub builtin: bool,
}

/// What became of a request to delete a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleDeletion {
    /// It is gone.
    Deleted,
    /// There was no such role.
    Missing,
    /// A built-in role: kept.
    Builtin,
    /// A user holds it or a pending invitation grants it: kept.
    InUse,
}

impl RoleDeletion {
    /// The outcome as `AccessRepo::delete_role` answers it.
    ///
    /// # Errors
    /// `NotFound`, `Invalid` or `Conflict` (entity "role") for anything but `Deleted`.
    pub fn into_result(self) -> Result<(), RepoError> {
        match self {
            Self::Deleted => Ok(()),
            Self::Missing => Err(RepoError::not_found("role")),
            Self::Builtin => Err(RepoError::Invalid {
                entity: "role",
                reason: "built-in roles cannot be deleted".to_owned(),
            }),
            Self::InUse => Err(RepoError::Conflict {
                entity: "role",
                constraint: "role_in_use".to_owned(),
            }),
        }
    }
}

/// A custom role to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRole {
    /// The stable key.
    pub key: RoleKey,
    /// Display name.
    pub name: String,
    /// What the role is for.
    pub description: Option<String>,
    /// The permissions it grants (at least one).
    pub permissions: PermissionSet,
}

impl NewRole {
    /// A custom role, after checking the name (1 to 100 characters), the description (at most
    /// 1,000) and that it grants something.
    ///
    /// # Errors
    /// `name`, `description` or `permissions`, naming the field.
    pub fn new(
        key: RoleKey,
        name: &str,
        description: Option<&str>,
        permissions: PermissionSet,
    ) -> Result<Self, ValidationError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ValidationError::new(
                "name",
                "must have 1 to 100 characters",
            ));
        }
        let description = description.map(str::trim).filter(|d| !d.is_empty());
        if description.is_some_and(|d| d.chars().count() > 1000) {
            return Err(ValidationError::new(
                "description",
                "must have at most 1000 characters",
            ));
        }
        if permissions.is_empty() {
            return Err(ValidationError::new(
                "permissions",
                "must grant at least one permission",
            ));
        }
        Ok(Self {
            key,
            name: name.to_owned(),
            description: description.map(str::to_owned),
            permissions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Permission;

    #[test]
    fn a_new_role_needs_a_name_and_a_permission() {
        let key: RoleKey = "night_shift".parse().unwrap();
        let read: PermissionSet = [Permission::ConversationsRead].into_iter().collect();
        assert!(NewRole::new(key.clone(), "Night shift", None, read).is_ok());
        let err = NewRole::new(key.clone(), " ", None, read).unwrap_err();
        assert_eq!(err.field, "name");
        let err = NewRole::new(key.clone(), "N", None, PermissionSet::EMPTY).unwrap_err();
        assert_eq!(err.field, "permissions");
        let long = "x".repeat(1001);
        let err = NewRole::new(key, "N", Some(&long), read).unwrap_err();
        assert_eq!(err.field, "description");
    }
}
