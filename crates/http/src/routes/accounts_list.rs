//! `GET /accounts`: every connected business number.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{AccountList, AccountResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists the accounts the caller has any access to, oldest first. Credentials are never included.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    responses(
        (status = 200, description = "Every account", body = AccountList),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let mut accounts = state.storage.accounts.list().await?;
    accounts.retain(|account| caller.principal().can_see(account.id));
    Ok(HttpResponse::Ok().json(AccountList {
        items: accounts.iter().map(AccountResponse::from).collect(),
    }))
}
