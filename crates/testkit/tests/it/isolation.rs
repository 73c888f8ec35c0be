//! Each test database is its own: what one test creates, another never sees.

use inbox_testkit::db::{TestCluster, TestDatabase};

#[tokio::test]
async fn two_test_databases_are_isolated() {
    let first = TestDatabase::new().await.expect("first database");
    let second = TestDatabase::new().await.expect("second database");
    assert_ne!(first.dbname(), second.dbname());

    let a = first.connect().await.expect("connect first");
    a.batch_execute("CREATE TABLE only_here (id int)")
        .await
        .expect("create table");
    let b = second.connect().await.expect("connect second");
    let row = b
        .query_one("SELECT to_regclass('only_here') IS NULL", &[])
        .await
        .expect("query");
    assert!(
        row.get::<_, bool>(0),
        "a table created in one database is absent in the other"
    );
}

#[tokio::test]
async fn a_dropped_test_database_is_gone() {
    let db = TestDatabase::new().await.expect("database");
    let name = db.dbname().to_owned();
    let cluster = TestCluster::shared().await.expect("cluster");
    drop(db);

    let admin = cluster.connect_admin().await.expect("admin");
    let row = admin
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .await
        .expect("query");
    assert_eq!(row.get::<_, i64>(0), 0, "{name} was dropped");
}

#[tokio::test]
async fn the_connection_settings_point_at_the_test_database() {
    let db = TestDatabase::new().await.expect("database");
    let (client, connection) =
        tokio_postgres::connect(&db.connection_string(), tokio_postgres::NoTls)
            .await
            .expect("connect with the connection string");
    tokio::spawn(connection);
    let row = client
        .query_one("SELECT current_database()::text", &[])
        .await
        .expect("query");
    assert_eq!(row.get::<_, String>(0), db.dbname());
    assert_eq!(db.pg_config().get_dbname(), Some(db.dbname()));
    assert_eq!(db.host(), "127.0.0.1");
}
