//! `PUT /messages/{id}/reaction`: set the business's reaction on a message.

use actix_web::{HttpResponse, put, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MessageResponse, ReactionRequest, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Sets the business's reaction (one per side: it replaces the business's earlier emoji; the
/// customer's stays). Reacting is sending, so it needs `messages.send`. The reaction is stored
/// now and, when it changed, queued for a send worker to carry to Meta.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id")),
    request_body = ReactionRequest,
    responses(
        (status = 200, description = "The message with its reactions", body = MessageResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.send` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, `emoji` is missing or not a single emoji (`invalid_emoji`), or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 404, description = "No such message, or one of an account the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 413, description = "Body larger than 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "Body is not application/json", body = ErrorEnvelope),
        (status = 422, description = "The message was deleted (`message_deleted`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[put("/messages/{id}/reaction")]
pub async fn set_reaction(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<ReactionRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let emoji = body.into_inner().try_into_domain()?;
    let account = state.owners.message(&state.storage, id).await?;
    caller.require(account, Permission::MessagesSend, "message")?;
    let emoji_text = emoji.as_str().to_owned();
    let change = state
        .storage
        .messages
        .set_reaction(id, emoji, OffsetDateTime::now_utc())
        .await
        .map_err(ApiError::from_message_action)?;
    // A changed reaction is queued for Meta; the same emoji again sends nothing.
    if let Some(sending) = state.sending.as_ref().filter(|_| change.changed) {
        sending
            .options
            .outbox
            .queue_reaction(id, Some(emoji_text))
            .await?;
        sending.queued(Vec::new()).await;
    }
    tracing::info!(message.id = %id, changed = change.changed, "reaction set");
    Ok(HttpResponse::Ok().json(MessageResponse::from(&change.message)))
}
