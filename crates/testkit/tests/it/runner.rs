//! The runner on synthetic migrations: transactions, the no-transaction marker, locking, ordering.

use inbox_postgres::migrate::{MigrateError, Migration, apply};
use inbox_testkit::db::TestDatabase;
use tokio_postgres::Client;

const TABLE: Migration = Migration::new(
    1,
    "table",
    "CREATE TABLE items (id int PRIMARY KEY, label text);",
);
const INDEXES: Migration = Migration::new(
    2,
    "indexes",
    "-- inbox:no-transaction\n\
     CREATE INDEX CONCURRENTLY IF NOT EXISTS items_label ON items (label);\n\
     CREATE INDEX CONCURRENTLY IF NOT EXISTS items_label_id ON items (label, id);\n",
);
const BROKEN: Migration = Migration::new(2, "broken", "CREATE TABLE half (id int); SELECT 1 / 0;");

async fn exists(client: &Client, relation: &str) -> bool {
    let row = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&relation])
        .await
        .expect("to_regclass");
    row.get(0)
}

async fn versions(client: &Client) -> Vec<i32> {
    let rows = client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .await
        .expect("history");
    rows.iter().map(|r| r.get(0)).collect()
}

#[tokio::test]
async fn a_no_transaction_file_can_create_indexes_concurrently() {
    let db = TestDatabase::empty().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    let report = apply(&mut client, &[TABLE, INDEXES])
        .await
        .expect("applies");
    assert_eq!(
        report.applied.iter().map(|m| m.version).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(exists(&client, "items_label").await);
    assert!(exists(&client, "items_label_id").await);
    assert_eq!(versions(&client).await, [1, 2]);
}

#[tokio::test]
async fn a_failing_file_is_rolled_back_and_not_recorded() {
    let db = TestDatabase::empty().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    let err = apply(&mut client, &[TABLE, BROKEN])
        .await
        .expect_err("fails");
    assert!(
        matches!(err, MigrateError::Apply { version: 2, .. }),
        "{err:?}"
    );
    assert!(
        !exists(&client, "half").await,
        "the failed file left nothing behind"
    );
    assert!(exists(&client, "items").await, "earlier files stay applied");
    assert_eq!(versions(&client).await, [1]);

    // The lock was released: a fixed list applies on the same session.
    let report = apply(&mut client, &[TABLE, INDEXES])
        .await
        .expect("applies after the fix");
    assert_eq!(report.applied.len(), 1);
}

#[tokio::test]
async fn concurrent_runs_apply_each_file_once() {
    let db = TestDatabase::empty().await.expect("database");
    let mut a = db.connect().await.expect("connect a");
    let mut b = db.connect().await.expect("connect b");
    let (ra, rb) = tokio::join!(
        apply(&mut a, &[TABLE, INDEXES]),
        apply(&mut b, &[TABLE, INDEXES])
    );
    let (ra, rb) = (ra.expect("run a"), rb.expect("run b"));
    assert_eq!(ra.applied.len() + rb.applied.len(), 2, "{ra:?} {rb:?}");
    assert_eq!(versions(&a).await, [1, 2]);
}

#[tokio::test]
async fn a_file_older_than_the_latest_applied_is_refused() {
    let db = TestDatabase::empty().await.expect("database");
    let mut client = db.connect().await.expect("connect");
    let late = Migration::new(3, "late", "CREATE TABLE late ();");
    apply(&mut client, &[TABLE, late]).await.expect("applies");
    let err = apply(&mut client, &[TABLE, INDEXES, late])
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            MigrateError::OutOfOrder {
                version: 2,
                latest_applied: 3,
                ..
            }
        ),
        "{err:?}"
    );
}
