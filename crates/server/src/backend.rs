//! Storage backend selection at startup: one match from settings to the ports the app uses.

use inbox_domain::ports::Storage;
use inbox_postgres::{PgBackend, PgSettings, PoolMode};
use secrecy::ExposeSecret;

use crate::config::{PoolModeSetting, Settings, StorageMode};
use crate::embedded::EmbeddedDatabase;
use crate::error::StartupError;

/// The storage the application runs on, and what must be shut down with it.
pub struct Backend {
    /// The repositories.
    pub storage: Storage,
    /// The PostgreSQL pool, for pool metrics and migrations (absent for memory).
    pub postgres: Option<PgBackend>,
    /// The outbox over the same data as `storage`.
    pub outbox: std::sync::Arc<dyn inbox_domain::ports::Outbox>,
    /// Templates, header media and pending template messages over the same data.
    pub templates: std::sync::Arc<dyn inbox_domain::ports::TemplateRepo>,
    embedded: Option<EmbeddedDatabase>,
}

/// Whether the caller wants migrations applied while opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// Apply pending migrations.
    Apply,
    /// Leave the schema alone.
    Skip,
}

impl Backend {
    /// Opens the backend the settings choose, logs the choice and, when asked, migrates.
    pub async fn open(settings: &Settings, migrations: Migrations) -> Result<Self, StartupError> {
        let url = settings.database.url.as_ref();
        match (settings.storage.mode, url) {
            (StorageMode::Memory, _) => {
                tracing::warn!(
                    backend = "memory",
                    "IN-MEMORY STORAGE: nothing is kept; every account, conversation and message is lost when inboxd stops"
                );
                let store = std::sync::Arc::new(inbox_memory::MemoryStore::new());
                Ok(Self {
                    storage: store.clone().storage(),
                    templates: store.clone(),
                    outbox: store.outbox(),
                    postgres: None,
                    embedded: None,
                })
            }
            (StorageMode::Supabase, _) => {
                let Some(project) = crate::backend_rest::supabase_project(settings)? else {
                    return Err(StartupError::Invalid(
                        "storage mode `supabase` needs SUPABASE_URL and SUPABASE_SERVICE_KEY \
                         (or supabase.url and supabase.service_key in the config file)"
                            .into(),
                    ));
                };
                crate::backend_rest::open(&project, migrations)
            }
            (StorageMode::Postgres, None) => Err(StartupError::Invalid(
                "storage mode `postgres` needs DATABASE_URL (or database.url in the config file)"
                    .into(),
            )),
            (mode @ (StorageMode::Postgres | StorageMode::Auto), Some(url)) => {
                let config: tokio_postgres::Config = url.expose_secret().parse().map_err(|_| {
                    StartupError::Invalid(
                        "DATABASE_URL is not a valid PostgreSQL connection string".into(),
                    )
                })?;
                let postgres = match connect(settings, config, "postgres", migrations).await {
                    Ok(postgres) => postgres,
                    // Only `auto` falls back: `--storage postgres` asked for this database.
                    Err(error) if mode == StorageMode::Auto => {
                        let Some(project) = crate::backend_rest::supabase_project(settings)? else {
                            return Err(error);
                        };
                        tracing::warn!(
                            error.cause_chain = %crate::error::cause_chain(&error),
                            "PostgreSQL pool init failed, falling back to Supabase PostgREST"
                        );
                        return crate::backend_rest::open(&project, migrations);
                    }
                    Err(error) => return Err(error),
                };
                Ok(Self {
                    storage: postgres.storage(),
                    templates: postgres.templates(),
                    outbox: postgres.outbox(),
                    postgres: Some(postgres),
                    embedded: None,
                })
            }
            (StorageMode::Auto, None) => {
                if let Some(project) = crate::backend_rest::supabase_project(settings)? {
                    tracing::info!("DATABASE_URL not set, skipping PostgreSQL pool init");
                    return crate::backend_rest::open(&project, migrations);
                }
                tracing::info!(
                    data_dir = %settings.storage.data_dir.display(),
                    "DATABASE_URL not set: using the embedded PostgreSQL cluster"
                );
                let embedded = EmbeddedDatabase::start(&settings.storage.data_dir).await?;
                let connected = connect(
                    settings,
                    embedded.config().clone(),
                    "embedded-postgres",
                    migrations,
                )
                .await;
                match connected {
                    Ok(postgres) => Ok(Self {
                        storage: postgres.storage(),
                        templates: postgres.templates(),
                        outbox: postgres.outbox(),
                        postgres: Some(postgres),
                        embedded: Some(embedded),
                    }),
                    Err(error) => {
                        embedded.stop().await;
                        Err(error)
                    }
                }
            }
        }
    }

    /// A backend over Supabase's PostgREST API, from `backend_rest`.
    pub(crate) fn rest(
        storage: Storage,
        outbox: std::sync::Arc<dyn inbox_domain::ports::Outbox>,
        templates: std::sync::Arc<dyn inbox_domain::ports::TemplateRepo>,
    ) -> Self {
        Self {
            storage,
            postgres: None,
            outbox,
            templates,
            embedded: None,
        }
    }

    /// The name `/health` reports.
    pub fn name(&self) -> &'static str {
        self.storage.health.backend()
    }

    /// Closes the pool, then stops the embedded cluster if this process started it.
    pub async fn shutdown(self) {
        if let Some(postgres) = self.postgres {
            postgres.close();
        }
        if let Some(embedded) = self.embedded {
            embedded.stop().await;
        }
    }
}

async fn connect(
    settings: &Settings,
    config: tokio_postgres::Config,
    backend: &'static str,
    migrations: Migrations,
) -> Result<PgBackend, StartupError> {
    let db = &settings.database;
    if db.pool_min > db.pool_max || db.pool_max == 0 {
        return Err(StartupError::Invalid(format!(
            "database.pool_min ({}) must not exceed database.pool_max ({}), which must be at least 1",
            db.pool_min, db.pool_max
        )));
    }
    let pg_settings = PgSettings {
        pool_min: db.pool_min,
        pool_max: db.pool_max,
        pool_mode: match db.pool_mode {
            PoolModeSetting::Session => PoolMode::Session,
            PoolModeSetting::Transaction => PoolMode::Transaction,
        },
        backend,
        ..PgSettings::new(config)
    };
    let postgres = inbox_postgres::connect(pg_settings)
        .await
        .map_err(StartupError::Postgres)?;
    if migrations == Migrations::Apply {
        let report = postgres.migrate().await.map_err(StartupError::Migrate)?;
        tracing::info!(applied = report.applied.len(), "database schema is current");
    }
    Ok(postgres)
}
