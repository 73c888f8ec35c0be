//! `DELETE /accounts/{id}/templates/{name}`: deletes a template (every language) at Meta and here.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::access::Permission;
use inbox_domain::outbound::{SenderCredentials, TemplateName};
use inbox_domain::{AccountId, RepoError};

use super::templates_ports::{gateway, templates};
use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Deletes every language of the template at Meta, then marks our copies deleted (kept for
/// history). A template Meta deleted but we never stored still answers 204.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "templates",
    params(
        ("id" = Uuid, Path, description = "The account's id"),
        ("name" = String, Path, description = "The template's name"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "`id` is not a UUID or `name` not a template name", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `templates.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 422, description = "Meta refused, e.g. no template of that name (`meta_rejected`)", body = ErrorEnvelope),
        (status = 502, description = "Meta refused the account's token (`meta_credentials_refused`) or failed (`meta_failed`)", body = ErrorEnvelope),
        (status = 503, description = "Meta busy or unreachable (`meta_unavailable`), storage unavailable, or no template store or gateway configured", body = ErrorEnvelope),
    )
)]
#[delete("/accounts/{id}/templates/{name}")]
pub async fn delete_template(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    let name = TemplateName::parse(&name)?;
    caller.require(id, Permission::TemplatesManage, "account")?;
    let (repo, gateway) = (templates(&state)?, gateway(&state)?);
    let account = state.storage.accounts.get(id).await?;
    gateway
        .delete_template(&SenderCredentials::of(&account), &account.waba_id, &name)
        .await?;
    match repo.mark_deleted(id, &name).await {
        Ok(_) | Err(RepoError::NotFound { .. }) => {}
        Err(other) => return Err(other.into()),
    }
    tracing::info!(account.id = %id, "template deleted at Meta");
    Ok(HttpResponse::NoContent().finish())
}
