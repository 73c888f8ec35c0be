//! `GET /accounts/{id}/sending` and `POST /accounts/{id}/sending/resume`: whether an account's
//! sending is paused (Meta refused its credentials), and letting it go again once fixed.

use actix_web::{HttpResponse, get, post, web};
use inbox_domain::AccountId;
use inbox_domain::access::Permission;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::sending::Sending;
use crate::state::AppState;

/// An account's sending state.
#[derive(Debug, Serialize, ToSchema)]
pub struct SendingState {
    /// True while queued messages wait for the account's credentials to be fixed.
    pub paused: bool,
    /// Why it was paused (Meta's error), when it is.
    pub reason: Option<String>,
}

/// The answer to a resume.
#[derive(Debug, Serialize, ToSchema)]
pub struct SendingResumed {
    /// False when the account was not paused (nothing changed).
    pub resumed: bool,
}

/// Authorises `permission` on the account, proves it exists, and hands out the outbox side.
async fn sending_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
    permission: Permission,
) -> Result<(AccountId, std::sync::Arc<Sending>), ApiError> {
    let account = AccountId::from_uuid(parse_path_id("id", id)?);
    caller.require(account, permission, "account")?;
    // A global grant passes for any id: an unknown account must still answer 404.
    state.storage.accounts.get(account).await?;
    let sending = state
        .sending
        .clone()
        .ok_or(ApiError::Unconfigured("sending"))?;
    Ok((account, sending))
}

/// Whether the account's sending is paused and why. Agents see it to explain why their
/// messages stay `pending`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The sending state", body = SendingState),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable, or sending not configured (`sending_unconfigured`)", body = ErrorEnvelope),
    )
)]
#[get("/accounts/{id}/sending")]
pub async fn sending_state(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (account, sending) =
        sending_of(&state, &caller, &id, Permission::ConversationsRead).await?;
    let reason = sending.options.outbox.paused(account).await?;
    Ok(HttpResponse::Ok().json(SendingState {
        paused: reason.is_some(),
        reason,
    }))
}

/// Lets a paused account's queued messages go out again (at its rate), after its access token
/// was fixed. If the token is still refused, the first send pauses it again.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "Resumed, or was not paused (`resumed: false`)", body = SendingResumed),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `accounts.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable, or sending not configured (`sending_unconfigured`)", body = ErrorEnvelope),
    )
)]
#[post("/accounts/{id}/sending/resume")]
pub async fn resume_sending(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (account, sending) = sending_of(&state, &caller, &id, Permission::AccountsManage).await?;
    let resumed = sending.options.outbox.resume_account(account).await?;
    if resumed {
        tracing::info!(account.id = %account, "sending resumed");
        sending.queued(Vec::new()).await;
    }
    Ok(HttpResponse::Ok().json(SendingResumed { resumed }))
}
