//! `GET /conversations`: the inbox list of one account, newest activity first, filtered.

use actix_web::{HttpResponse, get, web};
use inbox_domain::access::Permission;

use super::account_exists::ensure_account_exists;
use super::json_body::json_ok;
use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{ConversationList, ConversationListQuery, conversation_list_json};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of an account's conversations, each with its contact and newest message. By
/// default every conversation that is not archived; `unread`, `favorite`, `status` and `q`
/// narrow it (all must hold). Follow `next_cursor` with the same filters.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(ConversationListQuery),
    responses(
        (status = 200, description = "One page", body = ConversationList),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`account_id` missing or not a UUID, bad `cursor`, `limit`, `unread`, `favorite`, `status` or `q` (`invalid_<parameter>`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ConversationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (account, cursor, limit) = query.try_into_domain()?;
    let filter = query.filter()?;
    caller.require(account, Permission::ConversationsRead, "account")?;
    let page = state
        .storage
        .conversations
        .list_filtered(account, filter, cursor, limit)
        .await?;
    let empty_first_page = page.items.is_empty() && cursor.is_none();
    ensure_account_exists(&state, &caller, account, empty_first_page).await?;
    // Written straight from the page: the same bytes as serde_json of `ConversationList`.
    json_ok(conversation_list_json(&page))
}
