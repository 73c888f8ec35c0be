//! `GET /accounts`: every connected business number.

use actix_web::{HttpResponse, get, web};

use crate::dto::ErrorEnvelope;
use crate::dto::{AccountList, AccountResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists every account, oldest first. Credentials are never included.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 200, description = "Every account", body = AccountList),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/accounts")]
pub async fn list_accounts(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let accounts = state.storage.accounts.list().await?;
    Ok(HttpResponse::Ok().json(AccountList {
        items: accounts.iter().map(AccountResponse::from).collect(),
    }))
}
