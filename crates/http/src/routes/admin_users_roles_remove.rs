//! `DELETE /admin/users/{id}/roles/{role}`: take a role from a user on one scope.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::AppUserId;
use inbox_domain::access::{RoleKey, may_administer};

use crate::auth::{Caller, refused};
use crate::dto::parse_scope;
use crate::dto::{ErrorEnvelope, ScopeQuery, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Takes the role on `account_id` (absent: the global grant). Needs `users.manage` there.
/// Idempotent: 204 whether or not the user held it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(
        ("id" = Uuid, Path, description = "The user's id"),
        ("role" = String, Path, description = "The role's key"),
        ScopeQuery,
    ),
    responses(
        (status = 204, description = "The user no longer holds the role there"),
        (status = 400, description = "A parameter is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` there (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "The account is not visible to the caller (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/admin/users/{id}/roles/{role}")]
pub async fn remove_role(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<ScopeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, role) = path.into_inner();
    let user = AppUserId::from_uuid(parse_path_id("id", &id)?);
    let role: RoleKey = role.parse()?;
    let account = parse_scope(query.account_id.as_deref())?;
    may_administer(caller.principal(), account).map_err(refused("account"))?;
    let removed = state
        .storage
        .access
        .remove_role(user, account, &role)
        .await?;
    if removed {
        state.auth.forget_principals();
        tracing::info!(user.id = %user, role = %role, "role removed");
    }
    Ok(HttpResponse::NoContent().finish())
}
