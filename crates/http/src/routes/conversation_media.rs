//! `GET /conversations/{id}/media`: a conversation's media gallery, newest first.

use actix_web::{HttpResponse, get, web};
use inbox_domain::ConversationId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MediaGalleryQuery, MediaPage, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of a conversation's media messages of the asked kinds, newest first, deleted ones
/// left out. Follow `next_cursor` for older media.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id"), MediaGalleryQuery),
    responses(
        (status = 200, description = "One page", body = MediaPage),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, unknown `kind`, bad `cursor` or `limit`", body = ErrorEnvelope),
        (status = 404, description = "No such conversation (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations/{id}/media")]
pub async fn conversation_media(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<MediaGalleryQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let (kinds, cursor, limit) = query.try_into_domain()?;
    // The owner lookup also proves the conversation exists (remembered after the first time).
    let account = state.owners.conversation(&state.storage, id).await?;
    caller.require(account, Permission::ConversationsRead, "conversation")?;
    let page = state
        .storage
        .messages
        .conversation_media(id, kinds, cursor, limit)
        .await?;
    Ok(HttpResponse::Ok().json(MediaPage::from(&page)))
}
