//! `POST /messages/{id}/retry`: send a failed message again.

use actix_web::{HttpResponse, post, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MessageResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Puts a failed outbound message back to `pending` with a new send job carrying the same
/// request, and answers 202 with it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id")),
    responses(
        (status = 202, description = "The message, pending again", body = MessageResponse),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.send` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such outbound message, or one the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "The message has not failed (`message_conflict`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable, or sending not configured (`sending_unconfigured`)", body = ErrorEnvelope),
    )
)]
#[post("/messages/{id}/retry")]
pub async fn retry_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let account = state.owners.message(&state.storage, id).await?;
    caller.require(account, Permission::MessagesSend, "message")?;
    let sending = state
        .sending
        .clone()
        .ok_or(ApiError::Unconfigured("sending"))?;
    let recorded = sending.options.outbox.retry_message(id).await?;
    sending.queued(recorded.events).await;
    tracing::info!(message.id = %id, "failed message queued again");
    Ok(HttpResponse::Accepted().json(MessageResponse::from(&recorded.message)))
}
