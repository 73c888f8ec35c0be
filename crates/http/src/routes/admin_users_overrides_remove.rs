//! `DELETE /admin/users/{id}/overrides/{permission}`: remove one override of a user.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::access::{OverrideEffect, Permission, PermissionSet, may_administer, may_give};
use inbox_domain::{AppUserId, RepoError};

use crate::auth::{Caller, refused};
use crate::dto::{ErrorEnvelope, ScopeQuery, parse_path_id, parse_scope};
use crate::error::ApiError;
use crate::state::AppState;

/// Removes the override of the permission on `account_id` (absent: the global one). Needs
/// `users.manage` there; lifting a deny gives the permission back, so it also needs the caller
/// to hold it there. Idempotent: 204 whether or not there was one.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(
        ("id" = Uuid, Path, description = "The user's id"),
        ("permission" = String, Path, description = "The permission, e.g. `stats.read`"),
        ScopeQuery,
    ),
    responses(
        (status = 204, description = "No override of the permission there any more"),
        (status = 400, description = "A parameter is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage`, or the permission of a lifted deny (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "The account is not visible to the caller (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/admin/users/{id}/overrides/{permission}")]
pub async fn remove_override(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<ScopeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, permission) = path.into_inner();
    let user = AppUserId::from_uuid(parse_path_id("id", &id)?);
    let permission: Permission = permission.parse()?;
    let account = parse_scope(query.account_id.as_deref())?;
    let principal = caller.principal();
    may_administer(principal, account).map_err(refused("account"))?;
    let access = &state.storage.access;
    let lifts_a_deny = match access.user(user).await {
        Ok(record) => record.overrides.iter().any(|o| {
            o.account == account && o.permission == permission && o.effect == OverrideEffect::Deny
        }),
        Err(RepoError::NotFound { .. }) => false,
        Err(e) => return Err(e.into()),
    };
    if lifts_a_deny {
        let given: PermissionSet = [permission].into_iter().collect();
        may_give(principal, account, given).map_err(refused("account"))?;
    }
    if access.remove_override(user, account, permission).await? {
        state.auth.forget_principals();
        tracing::info!(user.id = %user, permission = %permission, "override removed");
    }
    Ok(HttpResponse::NoContent().finish())
}
