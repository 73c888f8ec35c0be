//! `PUT /conversations/{id}/status`: close, archive or reopen a conversation.

use actix_web::{HttpResponse, put, web};
use inbox_domain::ConversationId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ConversationResponse, ErrorEnvelope, StatusRequest, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Moves the conversation to `open` (reopen), `closed` or `archived`; any state may become any
/// other. Its activity time, unread count and place in the list stay. A new customer message
/// reopens it by itself. Needs `conversations.manage`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id")),
    request_body = StatusRequest,
    responses(
        (status = 200, description = "The conversation as changed", body = ConversationResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, `status` is missing or not one of open, closed, archived (`invalid_status`), or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 404, description = "No such conversation, or one of an account the caller cannot see (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 413, description = "Body larger than 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "Body is not application/json", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[put("/conversations/{id}/status")]
pub async fn set_status(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<StatusRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let status = body.into_inner().try_into_domain()?;
    let account = state.owners.conversation(&state.storage, id).await?;
    caller.require(account, Permission::ConversationsManage, "conversation")?;
    let conversation = state.storage.conversations.set_status(id, status).await?;
    tracing::info!(conversation.id = %id, status = status.as_str(), "conversation status set");
    Ok(HttpResponse::Ok().json(ConversationResponse::from(&conversation)))
}
