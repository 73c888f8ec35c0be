//! `GET /metrics`: Prometheus text exposition.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpResponse, get, web};

use crate::state::AppState;

/// Request counts and latencies per route pattern, plus database pool gauges when known.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", body = String, content_type = "text/plain"),
    )
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool_usage.as_ref().map(|probe| probe());
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .body(crate::metrics::render(&state.metrics, pool))
}
