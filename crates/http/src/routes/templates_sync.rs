//! `POST /accounts/{id}/templates/sync`: makes our copy of the account's templates Meta's.

use actix_web::{HttpResponse, post, web};
use inbox_domain::AccountId;
use inbox_domain::access::Permission;
use inbox_domain::outbound::{SenderCredentials, TemplateQuery};
use inbox_domain::templates::RemoteTemplate;

use super::templates_ports::{gateway, templates};
use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, SyncReport, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Templates asked per page.
const PAGE_SIZE: u32 = 100;
/// Pages read at most (Meta allows a few hundred templates per WABA; this bounds a loop on a
/// cursor that never ends).
const MAX_PAGES: usize = 100;

/// Reads every page of the account's templates from Meta, then stores them in one step:
/// new and changed ones are upserted, ones Meta no longer has are marked deleted. A status
/// change is published, and resolves the messages waiting for the template as its status
/// webhook would (an approval queues their sends, a refusal fails them).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "templates",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "What the sync changed", body = SyncReport),
        (status = 400, description = "`id` is not a UUID", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `templates.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such account, or one the caller cannot see (`account_not_found`)", body = ErrorEnvelope),
        (status = 422, description = "Meta refused the request (`meta_rejected`)", body = ErrorEnvelope),
        (status = 502, description = "Meta refused the account's token (`meta_credentials_refused`) or failed (`meta_failed`)", body = ErrorEnvelope),
        (status = 503, description = "Meta busy or unreachable (`meta_unavailable`), storage unavailable, or no template store or gateway configured", body = ErrorEnvelope),
    )
)]
#[post("/accounts/{id}/templates/sync")]
pub async fn sync_templates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId::from_uuid(parse_path_id("id", &id)?);
    caller.require(id, Permission::TemplatesManage, "account")?;
    let (repo, gateway) = (templates(&state)?, gateway(&state)?);
    let account = state.storage.accounts.get(id).await?;
    let credentials = SenderCredentials::of(&account);
    let mut query = TemplateQuery {
        name: None,
        limit: Some(PAGE_SIZE),
        after: None,
    };
    let mut summaries = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = gateway
            .list_templates(&credentials, &account.waba_id, &query)
            .await?;
        summaries.extend(page.templates);
        match page.after {
            Some(after) => query.after = Some(after),
            None => break,
        }
    }
    let listed: Vec<RemoteTemplate> = summaries
        .iter()
        .filter_map(|s| RemoteTemplate::from_summary(s).ok())
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let skipped = count(summaries.len() - listed.len());
    if skipped > 0 {
        tracing::warn!(account.id = %id, skipped, "templates Meta listed were left out of the sync");
    }
    let outcome = repo.sync(id, &listed).await?;
    super::templates_resolve::resolve_changed(&state, repo.as_ref(), &outcome.status_changed)
        .await?;
    tracing::info!(
        account.id = %id,
        listed = summaries.len(),
        upserted = outcome.upserted,
        deleted = outcome.deleted,
        "templates synced from Meta"
    );
    Ok(HttpResponse::Ok().json(SyncReport::new(count(summaries.len()), skipped, &outcome)))
}
