//! `GET /accounts/{id}/templates`: an account's templates from our database.

use actix_web::{HttpResponse, get, web};
use inbox_domain::AccountId;
use inbox_domain::access::Permission;

use super::templates_ports::templates;
use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, TemplateList, TemplateListQuery, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// One page of the account's templates as last synced or created, newest first, filtered by
/// status and category. Needs `conversations.read`: agents pick templates to send.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "templates",
    params(("id" = Uuid, Path, description = "The account's id"), TemplateListQuery),
    responses(
        (status = 200, description = "One page", body = TemplateList),
        (status = 400, description = "`id` is not a UUID; bad `status`, `category`, `cursor` or `limit`", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `conversations.read` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable, or no template store configured", body = ErrorEnvelope),
    )
)]
#[get("/accounts/{id}/templates")]
pub async fn list_templates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<TemplateListQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    let (filter, cursor, limit) = query.try_into_domain()?;
    caller.require(id, Permission::ConversationsRead, "account")?;
    let repo = templates(&state)?;
    // A global grant passes for any id: an unknown account must answer 404.
    state.storage.accounts.get(id).await?;
    let page = repo.list(id, &filter, cursor, limit).await?;
    Ok(HttpResponse::Ok().json(TemplateList::from(&page)))
}
