//! `POST /admin/webhook-deliveries/{id}/retry`: put a parked delivery back in the queue.

use actix_web::{HttpResponse, post, web};
use inbox_domain::ports::DeliveryId;

use crate::auth::Caller;
use crate::dto::{DeliveryResponse, ErrorEnvelope};
use crate::error::ApiError;
use crate::state::AppState;
use inbox_domain::access::Permission;

/// Requeues a parked delivery (after the cause was fixed, e.g. its account connected): it is
/// applied again shortly, keeping its attempt count.
/// Needs `accounts.manage` on every account.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "webhooks",
    params(("id" = i64, Path, description = "The delivery's number")),
    responses(
        (status = 200, description = "Queued again", body = DeliveryResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking the permission (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a positive number (`invalid_id`)", body = ErrorEnvelope),
        (status = 404, description = "No such delivery (`delivery_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "The delivery is not parked (`delivery_conflict`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[post("/admin/webhook-deliveries/{id}/retry")]
pub async fn retry_delivery(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_everywhere(Permission::AccountsManage)?;
    let id: DeliveryId = id.parse()?;
    let record = state.storage.webhooks.requeue(id).await?;
    state.webhooks.enqueued();
    tracing::info!(delivery.id = %id, "parked webhook delivery requeued");
    Ok(HttpResponse::Ok().json(DeliveryResponse::from(&record)))
}
