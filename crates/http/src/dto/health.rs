//! Body of `GET /health`.

use serde::Serialize;
use utoipa::ToSchema;

/// Overall health and each dependency's.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// `ok` when every dependency is up, `unavailable` otherwise (with status 503).
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The storage backend.
    pub storage: StorageHealthResponse,
}

/// Health of the storage backend.
#[derive(Debug, Serialize, ToSchema)]
pub struct StorageHealthResponse {
    /// The active backend: `postgres`, `supabase`, `embedded-postgres`, `memory`...
    #[schema(example = "postgres")]
    pub backend: &'static str,
    /// `up` or `down`.
    #[schema(example = "up")]
    pub status: &'static str,
    /// How long the ping took, in milliseconds.
    #[schema(example = 0.42)]
    pub latency_ms: f64,
    /// Why the backend is down (no internals); absent when up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
