//! `GET /conversations`: the inbox list of one account, newest activity first.

use actix_web::{HttpResponse, get, web};

use crate::dto::ErrorEnvelope;
use crate::dto::{ConversationList, ConversationListQuery};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of an account's conversations, each with its contact and newest message.
/// Follow `next_cursor` for the next page.
#[utoipa::path(
    tag = "conversations",
    params(ConversationListQuery),
    responses(
        (status = 200, description = "One page", body = ConversationList),
        (status = 400, description = "`account_id` missing or not a UUID, bad `cursor` or `limit`", body = ErrorEnvelope),
        (status = 404, description = "No such account (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    query: web::Query<ConversationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (account, cursor, limit) = query.try_into_domain()?;
    let page = state
        .storage
        .conversations
        .list(account, cursor, limit)
        .await?;
    // The repository answers an empty page for an unknown account. Only an empty first page
    // can hide one, so only then does a lookup turn it into a 404: the hot path stays one query.
    if page.items.is_empty() && cursor.is_none() {
        state.storage.accounts.get(account).await?;
    }
    Ok(HttpResponse::Ok().json(ConversationList::from(&page)))
}
