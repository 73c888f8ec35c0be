//! `GET /auth/me` body: the caller's user, roles and effective permissions.

use inbox_domain::access::{AccountAccess, AppUser, Principal};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// The caller of `GET /auth/me`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// The app user.
    pub user: UserResponse,
    /// Roles held on every account, present and future, and the permissions left after
    /// global overrides.
    pub global: AccessResponse,
    /// Accounts with a role or override of their own, with the effective permissions there.
    pub accounts: Vec<AccountAccessResponse>,
}

/// An app user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    /// Our id of the user.
    pub id: Uuid,
    /// The identity provider's id (Supabase Auth user id), once linked.
    pub identity_id: Option<Uuid>,
    /// Login email.
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: Option<String>,
    /// Whether the user may act (a deactivated user keeps their records).
    pub active: bool,
    /// When the user was created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// Roles and effective permissions on one scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessResponse {
    /// Roles held on this scope, by key (e.g. `agent`) and name.
    pub roles: Vec<RoleRef>,
    /// Effective permissions, e.g. `conversations.read`.
    #[schema(value_type = Vec<String>)]
    pub permissions: inbox_domain::access::PermissionSet,
}

/// A held role.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleRef {
    /// The role's key.
    pub key: String,
    /// Its display name.
    pub name: String,
}

/// Access on one account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountAccessResponse {
    /// The account.
    pub account_id: Uuid,
    /// Roles held on exactly this account (global ones are under `global`).
    pub roles: Vec<RoleRef>,
    /// Effective permissions on this account, global roles and overrides included.
    #[schema(value_type = Vec<String>)]
    pub permissions: inbox_domain::access::PermissionSet,
}

fn roles(access: &AccountAccess) -> Vec<RoleRef> {
    access
        .roles
        .iter()
        .map(|role| RoleRef {
            key: role.key.to_string(),
            name: role.name.clone(),
        })
        .collect()
}

impl From<&AppUser> for UserResponse {
    fn from(user: &AppUser) -> Self {
        Self {
            id: user.id.as_uuid(),
            identity_id: user.identity.map(|i| i.as_uuid()),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            active: user.active,
            created_at: user.created_at,
        }
    }
}

impl From<&Principal> for MeResponse {
    fn from(principal: &Principal) -> Self {
        let user = &principal.user;
        Self {
            user: UserResponse::from(user),
            global: AccessResponse {
                roles: roles(principal.global()),
                permissions: principal.global().permissions,
            },
            accounts: principal
                .accounts()
                .map(|(account, access)| AccountAccessResponse {
                    account_id: account.as_uuid(),
                    roles: roles(access),
                    permissions: access.permissions,
                })
                .collect(),
        }
    }
}
