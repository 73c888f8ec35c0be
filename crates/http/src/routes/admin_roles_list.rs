//! `GET /admin/roles`: the role catalogue.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, RoleList, RoleResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Every role with its permissions, built-in ones first. Any user may read it: it is what an
/// invitation or a role assignment can name.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    responses(
        (status = 200, description = "The roles", body = RoleList),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/admin/roles")]
pub async fn list_roles(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let roles = state.storage.access.list_roles().await?;
    Ok(HttpResponse::Ok().json(RoleList {
        items: roles.iter().map(RoleResponse::from).collect(),
    }))
}
