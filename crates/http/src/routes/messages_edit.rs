//! `PATCH /messages/{id}`: replace the text of one of the business's text messages.

use actix_web::{HttpResponse, patch, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::dto::{EditMessageRequest, ErrorEnvelope, MessageResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Edits the text of an outbound text message (any status: a pending one is sent with the new
/// text) and records `edited_at`; the same text again changes nothing. Needs
/// `messages.manage`. Telling Meta (and the customer) about the edit comes with the sending
/// side; this records it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id")),
    request_body = EditMessageRequest,
    responses(
        (status = 200, description = "The edited message", body = MessageResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, `text` is missing, blank, longer than 4,096 characters or holds a NUL (`invalid_text`), or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 404, description = "No such message, or one of an account the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 413, description = "Body larger than 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "Body is not application/json", body = ErrorEnvelope),
        (status = 422, description = "The message is the customer's (`message_not_outbound`), not a text (`message_not_text`), or deleted (`message_deleted`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[patch("/messages/{id}")]
pub async fn edit_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<EditMessageRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let text = body.into_inner().try_into_domain()?;
    let account = state.owners.message(&state.storage, id).await?;
    caller.require(account, Permission::MessagesManage, "message")?;
    let change = state
        .storage
        .messages
        .edit_text(id, text, OffsetDateTime::now_utc())
        .await
        .map_err(ApiError::from_message_action)?;
    tracing::info!(message.id = %id, changed = change.changed, "message edited");
    Ok(HttpResponse::Ok().json(MessageResponse::from(&change.message)))
}
