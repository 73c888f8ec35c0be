//! Role catalogue bodies: a role as listed, and the request creating a custom one.

use inbox_domain::ValidationError;
use inbox_domain::access::{NewRole, Permission, PermissionSet, RoleDefinition, RoleKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role and its permissions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleResponse {
    /// Stable key, e.g. `agent`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Permission keys, e.g. `conversations.read`.
    #[schema(value_type = Vec<String>)]
    pub permissions: PermissionSet,
    /// Shipped with the product: cannot be deleted.
    pub builtin: bool,
}

impl From<&RoleDefinition> for RoleResponse {
    fn from(role: &RoleDefinition) -> Self {
        Self {
            key: role.key.to_string(),
            name: role.name.clone(),
            description: role.description.clone(),
            permissions: role.permissions,
            builtin: role.builtin,
        }
    }
}

/// Every role.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleList {
    /// Built-in roles first, then custom ones by key.
    pub items: Vec<RoleResponse>,
}

/// Body of `POST /admin/roles`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoleRequest {
    /// Stable key: a lowercase letter, then up to 62 lowercase letters, digits or underscores.
    pub key: String,
    /// Display name, 1 to 100 characters.
    pub name: String,
    /// What the role is for, at most 1,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// Permission keys, at least one, e.g. `["conversations.read", "messages.send"]`.
    pub permissions: Vec<String>,
}

impl CreateRoleRequest {
    /// Checks every field with the domain's parsers.
    ///
    /// # Errors
    /// `role` for a bad key; `permission` for an unknown permission; `name`, `description`,
    /// `permissions` as [`NewRole::new`].
    pub fn try_into_domain(self) -> Result<NewRole, ValidationError> {
        let key: RoleKey = self.key.parse()?;
        let permissions = self
            .permissions
            .iter()
            .map(|p| p.parse::<Permission>())
            .collect::<Result<PermissionSet, _>>()?;
        NewRole::new(key, &self.name, self.description.as_deref(), permissions)
    }
}
