//! `GET /admin/webhook-deliveries`: stored webhook deliveries by state, for operators.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::dto::ErrorEnvelope;
use crate::dto::{DeliveryList, DeliveryListQuery};
use crate::error::ApiError;
use crate::state::AppState;
use inbox_domain::access::Permission;

/// Lists webhook deliveries in one state (`parked` by default), newest first, without their
/// bodies. Follow `next_before` for older ones.
/// Needs `accounts.manage` on every account: deliveries are not yet tied to an account.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "webhooks",
    params(DeliveryListQuery),
    responses(
        (status = 200, description = "One page", body = DeliveryList),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "Bad `state`, `before` or `limit`", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/admin/webhook-deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DeliveryListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_everywhere(Permission::AccountsManage)?;
    let (delivery_state, before, limit) = query.try_into_domain()?;
    let records = state
        .storage
        .webhooks
        .list(delivery_state, before, limit)
        .await?;
    Ok(HttpResponse::Ok().json(DeliveryList::new(&records, limit)))
}
