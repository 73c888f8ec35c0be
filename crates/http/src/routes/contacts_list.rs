//! `GET /contacts`: an account's contacts, newest first, optionally searched.

use actix_web::{HttpResponse, get, web};
use inbox_domain::access::Permission;

use super::account_exists::ensure_account_exists;
use crate::auth::Caller;
use crate::dto::{ContactList, ContactListQuery, ErrorEnvelope};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of an account's contacts, newest first; `q` keeps those whose display name,
/// profile name or number contains it. Follow `next_cursor` with the same `q`. Needs
/// `conversations.read`.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "contacts",
    params(ContactListQuery),
    responses(
        (status = 200, description = "One page", body = ContactList),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`account_id` missing or not a UUID, bad `q`, `cursor` or `limit` (`invalid_<parameter>`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ContactListQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.try_into_domain()?;
    let account = request.account;
    caller.require(account, Permission::ConversationsRead, "account")?;
    let page = state
        .storage
        .contacts
        .list(account, request.search, request.cursor, request.limit)
        .await?;
    let empty_first_page = page.items.is_empty() && request.cursor.is_none();
    ensure_account_exists(&state, &caller, account, empty_first_page).await?;
    Ok(HttpResponse::Ok().json(ContactList::from(&page)))
}
