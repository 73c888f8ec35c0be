//! The storage backend over Supabase's PostgREST API: chosen by `--storage supabase`, or by
//! `auto` when `DATABASE_URL` is unset or its pool cannot be created and Supabase is configured.

use inbox_supabase::{SupabaseProject, SupabaseRest};

use crate::backend::{Backend, Migrations};
use crate::config::Settings;
use crate::error::StartupError;

/// The name `/health` reports for this backend (as `SupabaseRest::health` names it).
pub(crate) const BACKEND: &str = "supabase";

/// The `[supabase]` project when both its URL and service key are set; `None` when neither is.
///
/// # Errors
/// `Invalid` when the URL or key is unusable.
pub fn supabase_project(settings: &Settings) -> Result<Option<SupabaseProject>, StartupError> {
    let supabase = &settings.supabase;
    let url = supabase.url.as_deref().filter(|url| !url.is_empty());
    match (url, supabase.service_key.clone()) {
        (Some(url), Some(key)) => SupabaseProject::new(url, key)
            .map(Some)
            .map_err(|e| StartupError::Invalid(e.to_string())),
        _ => Ok(None),
    }
}

/// Opens the PostgREST backend of `project`. Nothing is contacted here: the first request (or
/// `/health`) finds out whether the API answers, so an outage at startup does not stop serving.
///
/// # Errors
/// `Invalid` when the HTTP client cannot be built.
pub fn open(project: &SupabaseProject, migrations: Migrations) -> Result<Backend, StartupError> {
    let rest = SupabaseRest::new(project, &SupabaseRest::default_settings())
        .map_err(|e| StartupError::Invalid(format!("Supabase PostgREST: {e}")))?;
    if migrations == Migrations::Apply {
        // PostgREST cannot run DDL: the schema is migrated with a direct connection.
        tracing::warn!(
            backend = BACKEND,
            "migrations cannot be applied through PostgREST; run `inboxd migrate` with \
             DATABASE_URL set to the project's connection string"
        );
    }
    Ok(Backend::rest(
        rest.storage(),
        rest.outbox(),
        rest.templates(),
    ))
}
