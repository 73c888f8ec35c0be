//! `GET /messages/{id}`: one message with its quote and reactions.

use actix_web::{HttpResponse, get, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MessageResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One message as the message page shows it: with the compact form of the message it quotes
/// and its reactions. A deleted message keeps its place but not its content.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id")),
    responses(
        (status = 200, description = "The message", body = MessageResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such message, or one of an account the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/messages/{id}")]
pub async fn get_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let message = state.storage.messages.get(id).await?;
    caller.require(message.account_id, Permission::ConversationsRead, "message")?;
    state.owners.remember_message(id, message.account_id).await;
    Ok(HttpResponse::Ok().json(MessageResponse::from(&message)))
}
