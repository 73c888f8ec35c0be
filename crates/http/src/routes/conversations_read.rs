//! `POST /conversations/{id}/read`: an agent read the conversation.

use actix_web::{HttpResponse, post, web};
use inbox_domain::ConversationId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ConversationResponse, ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Marks every message of the conversation as read: `unread_count` becomes 0. Repeating it
/// changes nothing more. An action, hence `POST` without a body. Needs `conversations.manage`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id")),
    responses(
        (status = 200, description = "The conversation as changed", body = ConversationResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such conversation, or one of an account the caller cannot see (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[post("/conversations/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let account = state.owners.conversation(&state.storage, id).await?;
    caller.require(account, Permission::ConversationsManage, "conversation")?;
    let conversation = state.storage.conversations.mark_read(id).await?;
    tracing::info!(conversation.id = %id, "conversation marked read");
    Ok(HttpResponse::Ok().json(ConversationResponse::from(&conversation)))
}
