//! What the loaded database holds (`bench.meta`), so a run can tell whether to load again.

use inbox_postgres::migrate::{combined_checksum, embedded};
use tokio_postgres::Client;

use crate::error::{BenchError, Result};
use crate::profile::Profile;

/// Bumped whenever the generator's output changes.
pub const GENERATOR_VERSION: u32 = 1;

/// The record of one load.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Profile name.
    pub profile: String,
    /// Generator seed.
    pub seed: i64,
    /// Profile, seed, generator version and the checksum of the app's migrations.
    pub fingerprint: String,
    /// Wall time of the load, seconds.
    pub load_seconds: f64,
    /// The load report (markdown).
    pub report: String,
}

/// The fingerprint of a data set made by this build.
pub fn fingerprint(profile: Profile, seed: u64) -> String {
    format!("{}/seed {seed}{}", profile.name(), fingerprint_suffix())
}

/// The part of the fingerprint that depends on this build, not on the flags.
pub fn fingerprint_suffix() -> String {
    format!(
        "/generator {GENERATOR_VERSION}/migrations {}",
        &combined_checksum(embedded())[..12]
    )
}

/// Creates the table (once, right after the migrations).
pub async fn create(client: &Client) -> Result<()> {
    client
        .batch_execute(
            "CREATE SCHEMA bench; \
             CREATE TABLE bench.meta (profile text NOT NULL, seed bigint NOT NULL, \
               fingerprint text NOT NULL, load_seconds double precision NOT NULL, \
               report text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())",
        )
        .await
        .map_err(BenchError::db("creating bench.meta"))
}

/// Records a finished load.
pub async fn write(client: &Client, meta: &Meta) -> Result<()> {
    client
        .execute(
            "INSERT INTO bench.meta (profile, seed, fingerprint, load_seconds, report) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &meta.profile,
                &meta.seed,
                &meta.fingerprint,
                &meta.load_seconds,
                &meta.report,
            ],
        )
        .await
        .map(drop)
        .map_err(BenchError::db("writing bench.meta"))
}

/// The finished load of the database, if any (an interrupted load has none).
pub async fn read(client: &Client) -> Result<Option<Meta>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('bench.meta') IS NOT NULL", &[])
        .await
        .map_err(BenchError::db("looking for bench.meta"))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT profile, seed, fingerprint, load_seconds, report FROM bench.meta \
             ORDER BY loaded_at DESC LIMIT 1",
            &[],
        )
        .await
        .map_err(BenchError::db("reading bench.meta"))?;
    Ok(row.map(|r| Meta {
        profile: r.get(0),
        seed: r.get(1),
        fingerprint: r.get(2),
        load_seconds: r.get(3),
        report: r.get(4),
    }))
}
