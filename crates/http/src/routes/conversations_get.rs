//! `GET /conversations/{id}`: one conversation with its contact and newest message.

use actix_web::{HttpResponse, get, web};
use inbox_domain::ConversationId;

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{ConversationSummaryResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;
use inbox_domain::access::Permission;

/// One conversation as the inbox list shows it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id")),
    responses(
        (status = 200, description = "The conversation", body = ConversationSummaryResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such conversation (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let summary = state.storage.conversations.get(id).await?;
    let account = summary.conversation.account_id;
    caller.require(account, Permission::ConversationsRead, "conversation")?;
    state.owners.remember_conversation(id, account).await;
    Ok(HttpResponse::Ok().json(ConversationSummaryResponse::from(&summary)))
}
