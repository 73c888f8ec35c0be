//! The `schema_migrations` table: which migrations a database has, with their checksums.

use tokio_postgres::types::Type;
use tokio_postgres::{Client, Transaction};

use super::error::MigrateError;
use super::migration::Migration;

const CREATE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL
)";

/// One row of `schema_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AppliedRow {
    pub(crate) version: i32,
    pub(crate) name: String,
    pub(crate) checksum: String,
}

/// Creates the history table when missing.
pub(crate) async fn ensure_table(client: &Client) -> Result<(), MigrateError> {
    client
        .batch_execute(CREATE)
        .await
        .map_err(MigrateError::db("creating schema_migrations"))
}

/// Every applied migration, by version.
pub(crate) async fn read(client: &Client) -> Result<Vec<AppliedRow>, MigrateError> {
    let rows = client
        .query_typed(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .await
        .map_err(MigrateError::db("reading schema_migrations"))?;
    rows.iter()
        .map(|row| {
            Ok(AppliedRow {
                version: row.try_get(0)?,
                name: row.try_get(1)?,
                checksum: row.try_get(2)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(MigrateError::db("decoding schema_migrations"))
}

/// Records `migration` as applied, inside `tx`.
pub(crate) async fn record(
    tx: &Transaction<'_>,
    migration: &Migration,
    duration_ms: i32,
) -> Result<(), MigrateError> {
    tx.execute_typed(
        "INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)",
        &[
            (&migration.version(), Type::INT4),
            (&migration.name(), Type::TEXT),
            (&migration.checksum(), Type::TEXT),
            (&duration_ms, Type::INT4),
        ],
    )
    .await
    .map_err(MigrateError::db("recording the migration in schema_migrations"))?;
    Ok(())
}
