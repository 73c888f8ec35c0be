//! Applies pending migrations under a session advisory lock, each file in its own transaction.

use std::time::{Duration, Instant};

use tokio_postgres::Client;
use tokio_postgres::types::Type;

use super::embedded::embedded;
use super::error::MigrateError;
use super::migration::Migration;
use super::report::{AppliedMigration, MigrationReport};
use super::{history, plan, split};

/// Session advisory lock key held while migrating ("inbox_mg" in ASCII).
const LOCK_KEY: i64 = 0x696e_626f_785f_6d67;
/// How often a waiting runner retries the lock.
const LOCK_POLL: Duration = Duration::from_millis(100);

/// Applies the migrations embedded in this binary that the database lacks.
///
/// Takes a session advisory lock (polling while another process migrates), creates `schema_migrations`,
/// refuses a changed, unknown or out-of-order history, then applies each pending file in its own
/// transaction, recording it in the same transaction. Needs a direct or session-pooled connection.
pub async fn apply_pending(client: &mut Client) -> Result<MigrationReport, MigrateError> {
    apply(client, embedded()).await
}

/// Like [`apply_pending`], for an explicit list of migrations (tests, tools).
pub async fn apply(
    client: &mut Client,
    migrations: &[Migration],
) -> Result<MigrationReport, MigrateError> {
    lock(client).await?;
    let outcome = run(client, migrations).await;
    let unlocked = client
        .batch_execute(&format!("SELECT pg_advisory_unlock({LOCK_KEY})"))
        .await
        .map_err(MigrateError::db("releasing the migration lock"));
    let report = outcome?;
    unlocked?;
    Ok(report)
}

/// Polls `pg_try_advisory_lock` rather than blocking in `pg_advisory_lock`: a session blocked in a
/// statement has a virtual transaction that `CREATE INDEX CONCURRENTLY` in the lock holder's
/// no-transaction migration would wait for, a deadlock.
async fn lock(client: &Client) -> Result<(), MigrateError> {
    let mut waited = false;
    loop {
        let got = client
            .query_typed_one(
                "SELECT pg_try_advisory_lock($1)",
                &[(&LOCK_KEY, Type::INT8)],
            )
            .await
            .and_then(|row| row.try_get::<_, bool>(0))
            .map_err(MigrateError::db("taking the migration lock"))?;
        if got {
            return Ok(());
        }
        if !waited {
            tracing::info!("another process is migrating this database; waiting for it");
            waited = true;
        }
        tokio::time::sleep(LOCK_POLL).await;
    }
}

async fn run(
    client: &mut Client,
    migrations: &[Migration],
) -> Result<MigrationReport, MigrateError> {
    history::ensure_table(client).await?;
    let applied = history::read(client).await?;
    let pending = plan::pending(migrations, &applied)?;
    let mut report = MigrationReport {
        applied: Vec::new(),
        already_applied: applied.len(),
    };
    for migration in pending {
        let duration_ms = apply_one(client, migration).await?;
        tracing::info!(
            migration.version = migration.version(),
            migration.name = migration.name(),
            duration_ms,
            "applied migration"
        );
        report.applied.push(AppliedMigration {
            version: migration.version(),
            name: migration.name().to_owned(),
            duration_ms,
        });
    }
    Ok(report)
}

/// Applies one file and records it; returns how long its SQL took.
async fn apply_one(client: &mut Client, migration: &Migration) -> Result<i32, MigrateError> {
    let started = Instant::now();
    if migration.is_transactional() {
        let tx = client
            .transaction()
            .await
            .map_err(MigrateError::db("starting a migration transaction"))?;
        tx.batch_execute(migration.sql())
            .await
            .map_err(|source| MigrateError::Apply {
                version: migration.version(),
                name: migration.name().to_owned(),
                source,
            })?;
        let duration_ms = elapsed_ms(started);
        history::record(&tx, migration, duration_ms).await?;
        tx.commit()
            .await
            .map_err(MigrateError::db("committing a migration"))?;
        return Ok(duration_ms);
    }
    // One statement per round trip: a multi-statement string is an implicit transaction.
    for (index, statement) in split::statements(migration.sql()).into_iter().enumerate() {
        client.batch_execute(statement).await.map_err(|source| {
            MigrateError::ApplyWithoutTransaction {
                version: migration.version(),
                name: migration.name().to_owned(),
                statement: index + 1,
                source,
            }
        })?;
    }
    let duration_ms = elapsed_ms(started);
    let tx = client
        .transaction()
        .await
        .map_err(MigrateError::db("starting to record a migration"))?;
    history::record(&tx, migration, duration_ms).await?;
    tx.commit()
        .await
        .map_err(MigrateError::db("recording a migration"))?;
    Ok(duration_ms)
}

fn elapsed_ms(started: Instant) -> i32 {
    i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX)
}
