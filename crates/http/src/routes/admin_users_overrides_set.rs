//! `PUT /admin/users/{id}/overrides`: grant or deny one permission to a user on one scope.

use actix_web::{HttpResponse, put, web};
use inbox_domain::AppUserId;
use inbox_domain::access::{
    OverrideEffect, PermissionOverride, PermissionSet, may_administer, may_give,
};

use crate::auth::{Caller, grant_failed, refused};
use crate::dto::{AdminUserResponse, ErrorEnvelope, OverrideRequest, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Sets the override (replacing one of the same permission on the same scope). Needs
/// `users.manage` on the account (globally for a global override); a grant also needs the
/// caller to hold the permission there (no escalation). A deny needs no more.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = OverrideRequest,
    responses(
        (status = 200, description = "The user with the override", body = AdminUserResponse),
        (status = 400, description = "A field is invalid (`invalid_<field>`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` or the granted permission there (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such user (`user_not_found`) or account (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[put("/admin/users/{id}/overrides")]
pub async fn set_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<OverrideRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = AppUserId::from_uuid(parse_path_id("id", &id)?);
    let (account, permission, effect) = body.try_into_domain()?;
    let principal = caller.principal();
    match effect {
        OverrideEffect::Grant => {
            let given: PermissionSet = [permission].into_iter().collect();
            may_give(principal, account, given)
        }
        OverrideEffect::Deny => may_administer(principal, account),
    }
    .map_err(refused("account"))?;
    let grant = PermissionOverride {
        account,
        permission,
        effect,
    };
    let access = &state.storage.access;
    access
        .set_override(user, &grant)
        .await
        .map_err(grant_failed)?;
    state.auth.forget_principals();
    tracing::info!(user.id = %user, permission = %permission, "override set");
    let record = access.user(user).await?;
    Ok(HttpResponse::Ok().json(AdminUserResponse::from(&record)))
}
