//! The extra dependencies `/health` reports besides the storage, the identity provider and the
//! media store (which the HTTP layer checks itself).

use std::sync::Arc;

use async_trait::async_trait;
use inbox_domain::ports::{DependencyDown, HealthCheck, StorageHealth};
use inbox_supabase::SupabaseRest;

use crate::backend::Backend;
use crate::config::Settings;
use crate::error::StartupError;

/// Supabase's PostgREST API as `supabase_rest`, when the project is configured but is not the
/// active storage (then it is already the `database` dependency); nothing else yet.
///
/// # Errors
/// `Invalid` when the Supabase URL or key is unusable or the HTTP client cannot be built.
pub fn extra_checks(
    settings: &Settings,
    backend: &Backend,
) -> Result<Vec<Arc<dyn HealthCheck>>, StartupError> {
    let mut checks: Vec<Arc<dyn HealthCheck>> = Vec::new();
    if let Some(project) = crate::backend_rest::supabase_project(settings)?
        && backend.name() != crate::backend_rest::BACKEND
    {
        let rest = SupabaseRest::new(&project, &SupabaseRest::default_settings())
            .map_err(|e| StartupError::Invalid(format!("Supabase PostgREST: {e}")))?;
        checks.push(Arc::new(StoragePing {
            name: "supabase_rest",
            storage: rest.health(),
        }));
    }
    Ok(checks)
}

/// A storage backend's liveness probe reported as a named dependency.
struct StoragePing {
    name: &'static str,
    storage: Arc<dyn StorageHealth>,
}

#[async_trait]
impl HealthCheck for StoragePing {
    fn name(&self) -> &'static str {
        self.name
    }

    fn backend(&self) -> &'static str {
        self.storage.backend()
    }

    async fn ping(&self) -> Result<(), DependencyDown> {
        self.storage
            .ping()
            .await
            .map_err(|e| DependencyDown(Box::new(e)))
    }
}
