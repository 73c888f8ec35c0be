//! `GET /accounts/{id}/media`: the media gallery of every conversation of an account.

use actix_web::{HttpResponse, get, web};
use inbox_domain::AccountId;
use inbox_domain::access::Permission;

use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MediaGalleryQuery, MediaPage, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of the media messages of the asked kinds across an account's conversations,
/// newest first, deleted ones left out. Follow `next_cursor` for older media.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "accounts",
    params(("id" = Uuid, Path, description = "The account's id"), MediaGalleryQuery),
    responses(
        (status = 200, description = "One page", body = MediaPage),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, unknown `kind`, bad `cursor` or `limit`", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/accounts/{id}/media")]
pub async fn account_media(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<MediaGalleryQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    let (kinds, cursor, limit) = query.try_into_domain()?;
    caller.require(id, Permission::ConversationsRead, "account")?;
    // A global grant passes for any id: an unknown account must still answer 404, not an
    // empty gallery.
    state.storage.accounts.get(id).await?;
    let page = state
        .storage
        .messages
        .account_media(id, kinds, cursor, limit)
        .await?;
    Ok(HttpResponse::Ok().json(MediaPage::from(&page)))
}
