//! `GET /conversations/{id}/messages`: a page of a conversation's messages, newest first.

use actix_web::{HttpResponse, get, web};
use inbox_domain::ConversationId;

use super::json_body::json_ok;
use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{MessagePage, MessagePageQuery, message_page_json, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;
use inbox_domain::access::Permission;

/// One page of messages, newest first, each with its reactions. Follow `next_before` for
/// older messages.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id"), MessagePageQuery),
    responses(
        (status = 200, description = "One page", body = MessagePage),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, bad `before` or `limit`", body = ErrorEnvelope),
        (status = 404, description = "No such conversation (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations/{id}/messages")]
pub async fn list_messages(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<MessagePageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let (before, limit) = query.try_into_domain()?;
    // The owner lookup also proves the conversation exists (remembered after the first time).
    let account = state.owners.conversation(&state.storage, id).await?;
    caller.require(account, Permission::ConversationsRead, "conversation")?;
    let page = state.storage.messages.page(id, before, limit).await?;
    // Written straight from the page: the same bytes as serde_json of `MessagePage`.
    json_ok(message_page_json(&page))
}
