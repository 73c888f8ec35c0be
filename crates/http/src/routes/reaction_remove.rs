//! `DELETE /messages/{id}/reaction`: remove the business's reaction from a message.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MessageResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Removes the business's reaction, leaving the customer's; without one it changes nothing.
/// Needs `messages.send`. Stored now; telling Meta comes with the sending side (a later
/// release).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id")),
    responses(
        (status = 200, description = "The message with its remaining reactions", body = MessageResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.send` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such message, or one of an account the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/messages/{id}/reaction")]
pub async fn remove_reaction(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let account = state.owners.message(&state.storage, id).await?;
    caller.require(account, Permission::MessagesSend, "message")?;
    let change = state.storage.messages.remove_reaction(id).await?;
    // A removal is sent to Meta as a reaction with an empty emoji.
    if let Some(sending) = state.sending.as_ref().filter(|_| change.changed) {
        sending.options.outbox.queue_reaction(id, None).await?;
        sending.queued(Vec::new()).await;
    }
    tracing::info!(message.id = %id, changed = change.changed, "reaction removed");
    Ok(HttpResponse::Ok().json(MessageResponse::from(&change.message)))
}
