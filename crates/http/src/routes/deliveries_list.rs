//! `GET /admin/webhook-deliveries`: stored webhook deliveries by state, for operators.

use actix_web::{HttpResponse, get, web};

use crate::dto::ErrorEnvelope;
use crate::dto::{DeliveryList, DeliveryListQuery};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists webhook deliveries in one state (`parked` by default), newest first, without their
/// bodies. Follow `next_before` for older ones. Not yet authenticated: user authentication
/// arrives in a later issue and will restrict this route to administrators.
#[utoipa::path(
    tag = "webhooks",
    params(DeliveryListQuery),
    responses(
        (status = 200, description = "One page", body = DeliveryList),
        (status = 400, description = "Bad `state`, `before` or `limit`", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[get("/admin/webhook-deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    query: web::Query<DeliveryListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (delivery_state, before, limit) = query.try_into_domain()?;
    let records = state
        .storage
        .webhooks
        .list(delivery_state, before, limit)
        .await?;
    Ok(HttpResponse::Ok().json(DeliveryList::new(&records, limit)))
}
