//! `POST /admin/users/{id}/roles`: give a user a role on an account or on every account.

use actix_web::{HttpResponse, post, web};
use inbox_domain::AppUserId;
use inbox_domain::access::may_give;

use crate::auth::{Caller, grant_failed, refused, role_permissions};
use crate::dto::{AdminUserResponse, AssignRoleRequest, ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Gives the role (idempotent). Needs `users.manage` on the account (globally for a global
/// grant) and every permission of the role there: nobody grants what they do not hold.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = AssignRoleRequest,
    responses(
        (status = 200, description = "The user with the role", body = AdminUserResponse),
        (status = 400, description = "A field is invalid, or the role does not exist (`invalid_role`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` or a permission of the role there (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such user (`user_not_found`) or account (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[post("/admin/users/{id}/roles")]
pub async fn assign_role(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<AssignRoleRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = AppUserId::from_uuid(parse_path_id("id", &id)?);
    let (account, role) = body.try_into_domain()?;
    let permissions = role_permissions(&state.storage, &role, "role").await?;
    may_give(caller.principal(), account, permissions).map_err(refused("account"))?;
    let access = &state.storage.access;
    access
        .assign_role(user, account, &role)
        .await
        .map_err(grant_failed)?;
    state.auth.forget_principals();
    tracing::info!(user.id = %user, role = %role, "role assigned");
    let record = access.user(user).await?;
    Ok(HttpResponse::Ok().json(AdminUserResponse::from(&record)))
}
