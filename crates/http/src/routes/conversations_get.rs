//! `GET /conversations/{id}`: one conversation with its contact and newest message.

use actix_web::{HttpResponse, get, web};
use inbox_domain::ConversationId;

use crate::dto::ErrorEnvelope;
use crate::dto::{ConversationSummaryResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One conversation as the inbox list shows it.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The conversation's id")),
    responses(
        (status = 200, description = "The conversation", body = ConversationSummaryResponse),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 404, description = "No such conversation (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ConversationId::from_uuid(parse_path_id("id", &id)?);
    let summary = state.storage.conversations.get(id).await?;
    Ok(HttpResponse::Ok().json(ConversationSummaryResponse::from(&summary)))
}
