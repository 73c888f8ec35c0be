//! `POST /admin/roles`: define a custom role.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{CreateRoleRequest, ErrorEnvelope, RoleResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Creates a custom role. Roles are shared by every account, so this needs `users.manage` on
/// every account. Defining a role gives nobody anything: assigning it later still needs the
/// assigner to hold each of its permissions there.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "users",
    request_body = CreateRoleRequest,
    responses(
        (status = 201, description = "Created", body = RoleResponse),
        (status = 400, description = "A bad key (`invalid_role`), name, description, or permission (`invalid_permission`, `invalid_permissions`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Lacking `users.manage` on every account (`forbidden`)", body = ErrorEnvelope),
        (status = 409, description = "The key is taken (`role_conflict`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[post("/admin/roles")]
pub async fn create_role(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateRoleRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_everywhere(Permission::UsersManage)?;
    let new = body.into_inner().try_into_domain()?;
    let role = state.storage.access.create_role(new).await?;
    tracing::info!(role = %role.key, "custom role created");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/admin/roles/{}", role.key)))
        .json(RoleResponse::from(&role)))
}
