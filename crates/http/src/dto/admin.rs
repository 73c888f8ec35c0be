//! User administration bodies: the user list, role and override changes, a deleted user.

use inbox_domain::access::{AccessRecord, OverrideEffect, Permission, RoleKey};
use inbox_domain::{AccountId, AppUserId, PageLimit, ValidationError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::query::parse_limit;
use crate::dto::UserResponse;
use uuid::Uuid;

/// Parses an optional `account_id` (absent or null: every account).
pub(crate) fn parse_scope(text: Option<&str>) -> Result<Option<AccountId>, ValidationError> {
    text.map(str::parse::<AccountId>).transpose()
}

/// Query of `GET /admin/users`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Only users holding a role or override on this account (default: every account the
    /// caller manages users on).
    #[param(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
    /// `next_after` of the previous page.
    #[param(value_type = Option<Uuid>)]
    pub after: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

impl UserListQuery {
    /// The account filter, the user after which to continue, and the page size.
    pub fn try_into_domain(
        &self,
    ) -> Result<(Option<AccountId>, Option<AppUserId>, PageLimit), ValidationError> {
        let after = self
            .after
            .as_deref()
            .map(|a| {
                a.parse::<Uuid>()
                    .map(AppUserId::from_uuid)
                    .map_err(|_| ValidationError::new("after", "must be a UUID"))
            })
            .transpose()?;
        Ok((
            parse_scope(self.account_id.as_deref())?,
            after,
            parse_limit(self.limit.as_deref())?,
        ))
    }
}

/// A role held by a user, on one account or on every account.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantResponse {
    /// The account, `null` for every account.
    pub account_id: Option<Uuid>,
    /// The role's key.
    pub role: String,
    /// Its display name.
    pub role_name: String,
}

/// A permission granted or denied to a user, on one account or on every account.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverrideResponse {
    /// The account, `null` for every account.
    pub account_id: Option<Uuid>,
    /// The permission, e.g. `stats.read`.
    pub permission: String,
    /// `grant` or `deny`.
    #[schema(value_type = String)]
    pub effect: OverrideEffect,
}

/// A user as administrators see it: with every role and override.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserResponse {
    /// The user.
    #[serde(flatten)]
    pub user: UserResponse,
    /// Roles held.
    pub roles: Vec<GrantResponse>,
    /// Overrides.
    pub overrides: Vec<OverrideResponse>,
}

impl From<&AccessRecord> for AdminUserResponse {
    fn from(record: &AccessRecord) -> Self {
        Self {
            user: UserResponse::from(&record.user),
            roles: record
                .roles
                .iter()
                .map(|g| GrantResponse {
                    account_id: g.account.map(|a| a.as_uuid()),
                    role: g.role.to_string(),
                    role_name: g.role_name.clone(),
                })
                .collect(),
            overrides: record
                .overrides
                .iter()
                .map(|o| OverrideResponse {
                    account_id: o.account.map(|a| a.as_uuid()),
                    permission: o.permission.key().to_owned(),
                    effect: o.effect,
                })
                .collect(),
        }
    }
}

/// One page of `GET /admin/users`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// Users ordered by id.
    pub users: Vec<AdminUserResponse>,
    /// Pass as `after` for the next page; `null` on the last page.
    pub next_after: Option<Uuid>,
}

/// Body of `POST /admin/users/{id}/roles`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignRoleRequest {
    /// The account; `null` or absent: every account, present and future.
    #[schema(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
    /// The role's key, e.g. `agent`.
    pub role: String,
}

impl AssignRoleRequest {
    /// The scope and the role.
    pub fn try_into_domain(&self) -> Result<(Option<AccountId>, RoleKey), ValidationError> {
        Ok((parse_scope(self.account_id.as_deref())?, self.role.parse()?))
    }
}

/// Query of the `DELETE` routes of roles and overrides: which scope.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// The account; absent: the grant on every account.
    #[param(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
}

/// Body of `PUT /admin/users/{id}/overrides`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OverrideRequest {
    /// The account; `null` or absent: every account.
    #[schema(value_type = Option<Uuid>)]
    pub account_id: Option<String>,
    /// The permission, e.g. `stats.read`.
    pub permission: String,
    /// `grant` or `deny`.
    pub effect: String,
}

impl OverrideRequest {
    /// The scope, the permission and the effect.
    pub fn try_into_domain(
        &self,
    ) -> Result<(Option<AccountId>, Permission, OverrideEffect), ValidationError> {
        let effect = match self.effect.as_str() {
            "grant" => OverrideEffect::Grant,
            "deny" => OverrideEffect::Deny,
            _ => return Err(ValidationError::new("effect", "must be grant or deny")),
        };
        Ok((
            parse_scope(self.account_id.as_deref())?,
            self.permission.parse()?,
            effect,
        ))
    }
}

/// What happened to a deleted user's identity at the identity provider.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityOutcome {
    /// Deleted there too.
    Deleted,
    /// It was already gone (or the provider keeps none: local identities).
    AlreadyGone,
    /// The user had no identity (invited, never signed in).
    None,
    /// The provider failed: the identity may still exist there; delete it by hand or retry.
    Failed,
}

/// Body of `DELETE /admin/users/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedUserResponse {
    /// The deleted user.
    pub id: Uuid,
    /// The identity it was linked to.
    pub identity_id: Option<Uuid>,
    /// What became of that identity.
    pub identity: IdentityOutcome,
    /// Why the provider failed, when it did.
    pub identity_error: Option<String>,
}
