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
    // The repository answers an empty page for an unknown account; one cheap lookup turns
    // that into a 404. (Authorisation, when it comes, will need the account anyway.)
    state.storage.accounts.get(account).await?;
    let page = state
        .storage
        .conversations
        .list(account, cursor, limit)
        .await?;
    Ok(HttpResponse::Ok().json(ConversationList::from(&page)))
}
