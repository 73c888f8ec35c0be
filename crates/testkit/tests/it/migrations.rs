//! The real migrations: the template holds them all, and the runner's history checks hold on it.

use inbox_postgres::migrate::{MigrateError, apply_pending, embedded};
use inbox_testkit::db::TestDatabase;

#[tokio::test]
async fn every_embedded_migration_applies_cleanly_to_an_empty_database() {
    let db = TestDatabase::empty().await.expect("empty database");
    let mut client = db.connect().await.expect("connect");
    let report = apply_pending(&mut client).await.expect("migrations apply");
    assert_eq!(report.applied.len(), embedded().len());
    assert_eq!(report.already_applied, 0);
}

#[tokio::test]
async fn a_test_database_records_every_embedded_version() {
    let db = TestDatabase::new().await.expect("database");
    let client = db.connect().await.expect("connect");
    let rows = client
        .query(
            "SELECT version, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .await
        .expect("read history");
    let recorded: Vec<(i32, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let expected: Vec<(i32, String)> = embedded()
        .iter()
        .map(|m| (m.version(), m.checksum()))
        .collect();
    assert_eq!(recorded, expected);
}

#[tokio::test]
async fn migrating_an_up_to_date_database_is_a_noop() {
    let db = TestDatabase::new().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    let report = apply_pending(&mut client).await.expect("no-op run");
    assert!(report.is_noop(), "{report:?}");
    assert_eq!(report.already_applied, embedded().len());
}

#[tokio::test]
async fn a_changed_checksum_in_the_history_is_refused() {
    let Some(first) = embedded().first() else {
        return; // no migrations yet: covered by the runner tests on synthetic files
    };
    let db = TestDatabase::new().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    client
        .execute(
            "UPDATE schema_migrations SET checksum = 'x' WHERE version = $1",
            &[&first.version()],
        )
        .await
        .expect("tamper");
    let err = apply_pending(&mut client).await.expect_err("refused");
    assert!(
        matches!(err, MigrateError::ChecksumMismatch { version, .. } if version == first.version()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_database_newer_than_the_binary_is_refused() {
    let db = TestDatabase::new().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    client
        .batch_execute(
            "INSERT INTO schema_migrations (version, name, checksum, duration_ms) \
             VALUES (2147483647, 'from_the_future', 'abc', 0)",
        )
        .await
        .expect("insert");
    let err = apply_pending(&mut client).await.expect_err("refused");
    assert!(
        matches!(
            err,
            MigrateError::UnknownApplied {
                version: 2_147_483_647,
                ..
            }
        ),
        "{err:?}"
    );
}
