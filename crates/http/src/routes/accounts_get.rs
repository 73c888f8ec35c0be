//! `GET /accounts/{id}`: one connected business number.

use actix_web::{HttpResponse, get, web};
use inbox_domain::AccountId;

use crate::dto::ErrorEnvelope;
use crate::dto::{AccountResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One account. Credentials are never included.
#[utoipa::path(
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountResponse),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such account (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    let account = state.storage.accounts.get(id).await?;
    Ok(HttpResponse::Ok().json(AccountResponse::from(&account)))
}
