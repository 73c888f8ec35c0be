//! The migrated template database: built once per migration set, then cloned by every test database.

use std::time::{Duration, Instant};

use inbox_postgres::migrate::apply_pending;
use tokio_postgres::Client;
use tokio_postgres::types::Type;

use super::cluster::TestCluster;
use super::connect::connect;
use super::error::TestDbError;
use super::names::quote_ident;

/// How long to wait for the migrating connection to go away before sealing the template.
const UNUSED_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the cluster's template unless a finished one exists; a half-built one is rebuilt.
///
/// The caller holds the harness lock. A finished template is marked `IS_TEMPLATE` and refuses connections.
pub(crate) async fn ensure(admin: &Client, cluster: &TestCluster) -> Result<(), TestDbError> {
    let name = cluster.template_name();
    let quoted = quote_ident(name);
    let row = admin
        .query_typed_opt(
            "SELECT datistemplate FROM pg_database WHERE datname = $1",
            &[(&name, Type::TEXT)],
        )
        .await
        .map_err(TestDbError::db("looking up the template database"))?;
    match row
        .map(|r| r.try_get::<_, bool>(0))
        .transpose()
        .map_err(TestDbError::db("reading pg_database"))?
    {
        Some(true) => return Ok(()),
        Some(false) => {
            tracing::warn!(
                template = name,
                "dropping a template database left half-built"
            );
            admin
                .batch_execute(&format!("DROP DATABASE {quoted} WITH (FORCE)"))
                .await
                .map_err(TestDbError::db("dropping a half-built template"))?;
        }
        None => {}
    }
    admin
        .batch_execute(&format!("CREATE DATABASE {quoted} TEMPLATE template0"))
        .await
        .map_err(TestDbError::db("creating the template database"))?;
    let started = Instant::now();
    let mut client = connect(&cluster.pg_config_for(name)).await?;
    let report = apply_pending(&mut client)
        .await
        .map_err(|source| TestDbError::Migrate {
            template: name.to_owned(),
            source,
        })?;
    drop(client);
    tracing::info!(
        template = name,
        migrations = report.applied.len(),
        duration_ms = started.elapsed().as_millis(),
        "built the migrated template database"
    );
    wait_until_unused(admin, name).await?;
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {quoted} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"
        ))
        .await
        .map_err(TestDbError::db("sealing the template database"))
}

/// Waits until no session is connected to `name` (a clone fails while one is).
async fn wait_until_unused(admin: &Client, name: &str) -> Result<(), TestDbError> {
    let deadline = Instant::now() + UNUSED_TIMEOUT;
    loop {
        let sessions: i64 = admin
            .query_typed_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                &[(&name, Type::TEXT)],
            )
            .await
            .and_then(|row| row.try_get(0))
            .map_err(TestDbError::db("counting sessions on the template"))?;
        if sessions == 0 || Instant::now() >= deadline {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
