//! `GET /auth/me`: who the bearer token speaks for and what they may do where.

use actix_web::{HttpResponse, get};

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MeResponse};
use crate::error::ApiError;

/// The caller: their user, their roles on every account (global) and per account, and the
/// effective permissions on each. Answered from the principal cache when warm.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "auth",
    responses(
        (status = 200, description = "The caller", body = MeResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "A valid identity that is not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage or token keys unavailable", body = ErrorEnvelope),
    )
)]
#[get("/auth/me")]
pub async fn me(caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(MeResponse::from(caller.principal())))
}
