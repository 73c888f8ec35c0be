//! A dependency `/health` reports besides the storage, the identity provider and the media
//! store: the composition root adds one per extra service it wired (Supabase's PostgREST API
//! when it is configured but not the active storage, for instance).

use async_trait::async_trait;

/// Why a dependency did not answer its ping; the source is for logs only.
#[derive(Debug, thiserror::Error)]
#[error("dependency unavailable")]
pub struct DependencyDown(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// One extra dependency: its role, what implements it, and a cheap round trip.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait HealthCheck: Send + Sync {
    /// The dependency's role as `/health` names it, e.g. `supabase_rest`.
    fn name(&self) -> &'static str;

    /// What answers, e.g. `supabase`.
    fn backend(&self) -> &'static str;

    /// One cheap round trip to the dependency.
    ///
    /// # Errors
    /// `DependencyDown` when it cannot be reached or answers with an error.
    async fn ping(&self) -> Result<(), DependencyDown>;
}
