//! `POST /accounts/{id}/templates`: submits a template to Meta and stores it.

use actix_web::{HttpResponse, post, web};
use inbox_domain::AccountId;
use inbox_domain::access::Permission;
use inbox_domain::outbound::SenderCredentials;

use super::templates_ports::{gateway, templates};
use crate::auth::Caller;
use crate::dto::{CreateTemplateRequest, ErrorEnvelope, TemplateResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Submits the template to Meta for review and stores it with Meta's id and status (usually
/// `pending`; its review result arrives by webhook).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "templates",
    params(("id" = Uuid, Path, description = "The account's id")),
    request_body = CreateTemplateRequest,
    responses(
        (status = 201, description = "Submitted and stored", body = TemplateResponse),
        (status = 400, description = "A field is invalid (`invalid_template.name`, `invalid_template.components`...)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `templates.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 422, description = "Meta refused the template (`meta_rejected`), e.g. the name exists in that language", body = ErrorEnvelope),
        (status = 502, description = "Meta refused the account's token (`meta_credentials_refused`) or failed (`meta_failed`)", body = ErrorEnvelope),
        (status = 503, description = "Meta busy or unreachable (`meta_unavailable`), storage unavailable, or no template store or gateway configured", body = ErrorEnvelope),
    )
)]
#[post("/accounts/{id}/templates")]
pub async fn create_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<CreateTemplateRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    caller.require(id, Permission::TemplatesManage, "account")?;
    let template = body.into_inner().try_into_domain()?;
    let (repo, gateway) = (templates(&state)?, gateway(&state)?);
    let account = state.storage.accounts.get(id).await?;
    let created = gateway
        .create_template(
            &SenderCredentials::of(&account),
            &account.waba_id,
            &template,
        )
        .await?;
    let stored = repo.record_created(id, &template, &created, false).await?;
    tracing::info!(account.id = %id, template.id = %stored.id, "template submitted to Meta");
    Ok(HttpResponse::Created().json(TemplateResponse::from(&stored)))
}
