//! The CLI commands besides `serve`: each opens storage for its own duration.

use crate::backend::{Backend, Migrations};
use crate::config::Settings;
use crate::error::StartupError;

/// `inboxd migrate`: applies pending migrations and reports what ran.
pub async fn migrate(settings: &Settings) -> Result<(), StartupError> {
    let backend = Backend::open(settings, Migrations::Skip).await?;
    let result = match &backend.postgres {
        Some(postgres) => postgres.migrate().await.map_err(StartupError::Migrate),
        None => Err(StartupError::Invalid(format!(
            "the {} backend has no schema to migrate here; set DATABASE_URL to the database's \
             connection string",
            backend.name()
        ))),
    };
    backend.shutdown().await;
    // The runner logs each applied migration.
    let report = result?;
    tracing::info!(
        applied = report.applied.len(),
        already_applied = report.already_applied,
        "migrations complete"
    );
    Ok(())
}

/// `inboxd seed-demo`: fills the demo account (migrating first when the schema is behind).
pub async fn seed_demo(settings: &Settings) -> Result<(), StartupError> {
    let backend = Backend::open(settings, Migrations::Apply).await?;
    let result = crate::seed::seed_demo(&backend.storage).await;
    backend.shutdown().await;
    let report = result.map_err(StartupError::Storage)?;
    tracing::info!(
        account_created = report.account_created,
        conversations = report.conversations,
        messages_added = report.messages_added,
        "demo data ready"
    );
    Ok(())
}
