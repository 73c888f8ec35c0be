//! `PUT /me`: the caller changes their own profile.

use actix_web::{HttpResponse, put, web};

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, ProfileRequest, ProfileResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Sets the caller's display name (`null` clears it). Any user may change their own profile.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "auth",
    request_body = ProfileRequest,
    responses(
        (status = 200, description = "The updated profile", body = ProfileResponse),
        (status = 400, description = "A field is invalid (`invalid_display_name`) or the body is not JSON", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[put("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let display_name = body.try_into_domain()?;
    let user = caller.principal().user.id;
    let updated = state
        .storage
        .access
        .update_profile(user, display_name)
        .await?;
    // `/auth/me` shows the name from the cached principal.
    state.auth.forget_principals();
    Ok(HttpResponse::Ok().json(ProfileResponse::from(&updated)))
}
