//! `DELETE /admin/roles/{key}`: remove a custom role nobody holds.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::access::{Permission, RoleKey};

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::state::AppState;

/// Deletes a custom role. Refused while a user holds it or a pending invitation grants it
/// (take it away first: deleting it would silently change people's access); built-in roles
/// stay. Needs `users.manage` on every account.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    params(("key" = String, Path, description = "The role's key")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "Not a role key (`invalid_role`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` on every account (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such role (`role_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "Still held or granted by an invitation (`role_conflict`)", body = ErrorEnvelope),
        (status = 422, description = "A built-in role (`role_invalid`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/admin/roles/{key}")]
pub async fn delete_role(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_everywhere(Permission::UsersManage)?;
    let key: RoleKey = key.parse()?;
    state.storage.access.delete_role(&key).await?;
    tracing::info!(role = %key, "custom role deleted");
    Ok(HttpResponse::NoContent().finish())
}
