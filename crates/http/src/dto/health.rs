//! Body of `GET /health`.

use serde::Serialize;
use utoipa::ToSchema;

/// Overall health, the active storage backend and each dependency's health.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// `ok` when every dependency is up; `degraded` (still 200) when the storage is up but an
    /// optional dependency is down; `unavailable` (503) when the storage is down.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The active storage backend: `postgres`, `supabase`, `embedded-postgres`, `memory`...
    #[schema(example = "postgres")]
    pub backend: &'static str,
    /// The storage backend (the same as the `database` dependency).
    pub storage: StorageHealthResponse,
    /// Every dependency, each checked separately: `database` (the active storage), then
    /// `identity_provider`, `media_store` and any extra (e.g. `supabase_rest`).
    pub dependencies: Vec<DependencyHealthResponse>,
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

/// Health of one dependency.
#[derive(Debug, Serialize, ToSchema)]
pub struct DependencyHealthResponse {
    /// Its role: `database`, `identity_provider`, `media_store`, `supabase_rest`...
    #[schema(example = "identity_provider")]
    pub name: &'static str,
    /// What implements it: `postgres`, `supabase`, `supabase-auth`, `supabase-storage`,
    /// `filesystem`, `local`...
    #[schema(example = "supabase-auth")]
    pub backend: &'static str,
    /// Whether the service is unavailable without it (only `database` is).
    pub required: bool,
    /// `up`, `down`, or `unconfigured` (nothing set up for it; not counted as down).
    #[schema(example = "up")]
    pub status: &'static str,
    /// How long the ping took, in milliseconds (0 when unconfigured).
    #[schema(example = 12.5)]
    pub latency_ms: f64,
    /// Why it is down (no internals); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
