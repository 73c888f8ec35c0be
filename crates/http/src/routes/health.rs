//! `GET /health`: the active storage backend and every dependency, each with its status and
//! latency. Only the storage decides the status code: a down identity provider or media store
//! makes the answer `degraded` but still 200, because conversations can still be read and
//! answered, and a load balancer should not take the instance out for it.

use std::future::Future;
use std::time::{Duration, Instant};

use actix_web::{HttpResponse, get, web};

use crate::dto::{DependencyHealthResponse, HealthResponse, StorageHealthResponse};
use crate::error::CauseChain;
use crate::state::AppState;

/// How long each ping may take before its dependency counts as down.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// The media store's name when none is configured (see `crate::media`).
const NO_MEDIA_STORE: &str = "none";

/// Reports the active storage backend and the health of each dependency.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The storage is up; `status` is `ok`, or `degraded` when an optional dependency is down", body = HealthResponse),
        (status = 503, description = "The storage is down; `status` is `unavailable`", body = HealthResponse),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let backend = state.storage.health.backend();
    let media_configured = state.media.backend() != NO_MEDIA_STORE;
    let storage = check("database", backend, true, state.storage.health.ping());
    let identity = check(
        "identity_provider",
        state.identity.backend(),
        false,
        state.identity.ping(),
    );
    let media = async {
        if media_configured {
            check(
                "media_store",
                state.media.backend(),
                false,
                state.media.ping(),
            )
            .await
        } else {
            unconfigured("media_store", NO_MEDIA_STORE)
        }
    };
    let extras = futures::future::join_all(
        state
            .health_checks
            .iter()
            .map(|extra| check(extra.name(), extra.backend(), false, extra.ping())),
    );
    let (storage, identity, media, extras) = futures::join!(storage, identity, media, extras);
    let storage_up = storage.status == "up";
    let mut dependencies = vec![storage, identity, media];
    dependencies.extend(extras);
    let all_up = dependencies.iter().all(|d| d.status != "down");
    let database = &dependencies[0];
    let body = HealthResponse {
        status: match (storage_up, all_up) {
            (false, _) => "unavailable",
            (true, false) => "degraded",
            (true, true) => "ok",
        },
        backend,
        storage: StorageHealthResponse {
            backend,
            status: database.status,
            latency_ms: database.latency_ms,
            error: database.error.clone(),
        },
        dependencies,
    };
    if storage_up {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Pings one dependency under [`PING_TIMEOUT`]; the cause goes to the log, the answer gets only
/// the error's own message.
async fn check<E: std::error::Error + 'static>(
    name: &'static str,
    backend: &'static str,
    required: bool,
    ping: impl Future<Output = Result<(), E>>,
) -> DependencyHealthResponse {
    let started = Instant::now();
    let outcome = actix_web::rt::time::timeout(PING_TIMEOUT, ping).await;
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => {
            tracing::warn!(dependency = name, backend, error.cause_chain = ?CauseChain(&e), "health ping failed");
            Some(e.to_string())
        }
        Err(_) => {
            tracing::warn!(
                dependency = name,
                backend,
                timeout_ms = PING_TIMEOUT.as_millis(),
                "health ping timed out"
            );
            Some(format!(
                "ping timed out after {} ms",
                PING_TIMEOUT.as_millis()
            ))
        }
    };
    DependencyHealthResponse {
        name,
        backend,
        required,
        status: if error.is_none() { "up" } else { "down" },
        latency_ms,
        error,
    }
}

/// A dependency nothing was set up for: reported, not pinged, not down.
fn unconfigured(name: &'static str, backend: &'static str) -> DependencyHealthResponse {
    DependencyHealthResponse {
        name,
        backend,
        required: false,
        status: "unconfigured",
        latency_ms: 0.0,
        error: None,
    }
}
