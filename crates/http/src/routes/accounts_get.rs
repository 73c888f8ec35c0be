//! `GET /accounts/{id}`: one connected business number.

use actix_web::{HttpResponse, get, web};
use inbox_domain::{AccountId, RepoError};

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{AccountResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One account the caller has any access to (others answer 404). Credentials are never included.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such account (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    if !caller.principal().can_see(id) {
        return Err(RepoError::not_found("account").into());
    }
    let account = state.storage.accounts.get(id).await?;
    Ok(HttpResponse::Ok().json(AccountResponse::from(&account)))
}
