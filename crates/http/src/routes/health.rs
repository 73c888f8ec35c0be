//! `GET /health`: is the storage reachable, which backend is it, how fast did it answer.

use std::time::{Duration, Instant};

use actix_web::{HttpResponse, get, web};

use crate::dto::{HealthResponse, StorageHealthResponse};
use crate::error::CauseChain;
use crate::state::AppState;

/// How long the storage ping may take before the backend counts as down.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Reports the health of each dependency (today: the storage backend).
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Every dependency is up", body = HealthResponse),
        (status = 503, description = "A dependency is down; `status` is `unavailable`", body = HealthResponse),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let storage = &state.storage.health;
    let backend = storage.backend();
    let started = Instant::now();
    let outcome = actix_web::rt::time::timeout(PING_TIMEOUT, storage.ping()).await;
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => {
            tracing::warn!(backend, error.cause_chain = ?CauseChain(&e), "storage ping failed");
            Some(e.to_string())
        }
        Err(_) => {
            tracing::warn!(
                backend,
                timeout_ms = PING_TIMEOUT.as_millis(),
                "storage ping timed out"
            );
            Some(format!(
                "ping timed out after {} ms",
                PING_TIMEOUT.as_millis()
            ))
        }
    };
    let up = error.is_none();
    let body = HealthResponse {
        status: if up { "ok" } else { "unavailable" },
        storage: StorageHealthResponse {
            backend,
            status: if up { "up" } else { "down" },
            latency_ms,
            error,
        },
    };
    if up {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
