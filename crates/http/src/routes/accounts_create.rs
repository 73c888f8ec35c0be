//! `POST /accounts`: connect a business number with its credentials.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{AccountResponse, CreateAccountRequest};
use crate::error::ApiError;
use crate::state::AppState;
use inbox_domain::access::Permission;

/// Connects a WhatsApp business number; needs `accounts.manage` on every account (a global
/// role or grant). The credentials are write-only: no response ever
/// contains them.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    request_body = CreateAccountRequest,
    responses(
        (status = 201, description = "Connected", body = AccountResponse,
            headers(("location" = String, description = "URL of the new account"))),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "A field is missing or invalid (`invalid_<field>`, with `field`), or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 409, description = "The phone_number_id is already connected (`account_conflict`)", body = ErrorEnvelope),
        (status = 413, description = "Body larger than 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "Body is not application/json", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[post("/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_everywhere(Permission::AccountsManage)?;
    let new = body.into_inner().try_into_domain()?;
    let account = state.storage.accounts.create(new).await?;
    // Its app secret and verify token must work on the webhook at once.
    state.webhooks.secrets.invalidate();
    tracing::info!(account.id = %account.id, "account connected");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/accounts/{}", account.id)))
        .json(AccountResponse::from(&account)))
}
