//! `connect` and the backend handle: warm-up, the log line, failures, ping, migrations, timeouts.

use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_postgres::migrate::embedded;
use inbox_postgres::{PgError, PgSettings, PoolMode, PoolUsage, StatementTimeout, connect};
use inbox_testkit::db::TestDatabase;

use crate::support::{CapturedLogs, Harness, settings_for};

#[tokio::test]
async fn connect_opens_pool_min_connections_up_front_and_logs_the_pool_line() {
    let logs = CapturedLogs::default();
    let guard = logs.install();
    let harness = Harness::with(PoolMode::Session, |s| s.with_pool_size(3, 7)).await;
    drop(guard);

    let expected = PoolUsage {
        size: 3,
        available: 3,
        max: 7,
        waiting: 0,
    };
    assert_eq!(harness.backend.pool_status(), expected);
    let text = logs.text();
    assert!(
        text.contains("PostgreSQL pool created (min=3, max=7)"),
        "{text}"
    );
    assert!(
        text.contains("pool.min=3") && text.contains("pool.max=7"),
        "{text}"
    );
    assert!(
        text.contains("pool.mode=\"session\"") || text.contains("pool.mode=session"),
        "{text}"
    );
}

#[tokio::test]
async fn connect_to_a_closed_port_is_a_connect_error_that_never_shows_the_password() {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://inbox:hunter2-very-secret@127.0.0.1:{port}/inbox");
    let mut settings = PgSettings::from_url(&url).unwrap();
    settings.connect_timeout = Duration::from_secs(1);

    let error = connect(settings).await.expect_err("nothing listens there");

    assert!(matches!(error, PgError::Connect { .. }), "{error:?}");
    let mut text = format!("{error} | {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(&format!(" | {cause}"));
        source = cause.source();
    }
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains("hunter2"), "the password leaked: {text}");
}

#[tokio::test]
async fn settings_with_min_above_max_are_refused_before_connecting() {
    let settings = PgSettings::from_url("postgres://u@127.0.0.1:1/db")
        .unwrap()
        .with_pool_size(9, 3);
    let error = connect(settings).await.expect_err("refused");
    assert!(matches!(error, PgError::Config(_)), "{error:?}");
}

#[tokio::test]
async fn ping_times_a_round_trip_and_health_names_the_backend() {
    let harness = Harness::with(PoolMode::Session, |s| s.with_backend("embedded-postgres")).await;

    let took = harness.backend.ping().await.expect("ping");

    assert!(
        took > Duration::ZERO && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert_eq!(harness.storage.health.backend(), "embedded-postgres");
    assert_eq!(harness.backend.backend(), "embedded-postgres");
    harness.storage.health.ping().await.expect("health ping");
}

#[tokio::test]
async fn migrate_on_a_migrated_database_applies_nothing() {
    let harness = Harness::new(PoolMode::Session).await;

    let report = harness.backend.migrate().await.expect("migrate");

    assert!(report.is_noop(), "{report:?}");
    assert_eq!(report.already_applied, embedded().len());
}

#[tokio::test]
async fn migrate_on_an_empty_database_applies_every_migration_over_a_direct_connection() {
    let db = TestDatabase::empty().await.expect("an empty database");
    let backend = connect(PgSettings::new(db.pg_config()).with_pool_size(1, 2))
        .await
        .expect("connect");

    let report = backend.migrate().await.expect("migrate");

    assert_eq!(report.applied.len(), embedded().len(), "{report:?}");
    let again = backend.migrate().await.expect("migrate again");
    assert!(again.is_noop(), "{again:?}");
    let accounts = backend.storage().accounts.list().await.expect("list");
    assert!(accounts.is_empty());
}

#[tokio::test]
async fn migrate_refuses_a_transaction_pooler_unless_given_a_direct_config() {
    let harness = Harness::new(PoolMode::Transaction).await;
    let error = harness.backend.migrate().await.expect_err("refused");
    assert!(matches!(error, PgError::Config(_)), "{error:?}");

    let mut settings = settings_for(&harness.db, harness.bouncer.as_ref(), PoolMode::Transaction);
    settings.direct_config = Some(harness.db.pg_config());
    let with_direct = connect(settings).await.expect("connect");
    let report = with_direct.migrate().await.expect("migrate");
    assert!(report.is_noop(), "{report:?}");
}

#[tokio::test]
async fn a_statement_past_its_deadline_is_cancelled_and_unavailable_then_the_pool_recovers() {
    let harness = Harness::with(PoolMode::Session, |mut s| {
        s.statement_timeout = Duration::from_millis(300);
        s.with_pool_size(1, 1)
    })
    .await;
    let mut locker = harness.direct().await;
    let tx = locker.transaction().await.unwrap();
    tx.batch_execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();

    let error = harness.storage.accounts.list().await.unwrap_err();

    assert!(
        matches!(&error, RepoError::Unavailable(source) if source.is::<StatementTimeout>()),
        "{error:?}"
    );
    // The server really cancelled it: nobody waits on the lock any more.
    let probe = harness.direct().await;
    let mut waiting = i64::MAX;
    for _ in 0..50 {
        waiting = probe
            .query_one(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'accounts'::regclass",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        waiting, 0,
        "the timed-out statement still waits on the server"
    );
    tx.rollback().await.unwrap();
    harness.storage.accounts.list().await.expect("works again");
}

#[tokio::test]
async fn an_exhausted_pool_is_unavailable_after_the_checkout_timeout() {
    let harness = Harness::with(PoolMode::Session, |mut s| {
        s.checkout_timeout = Duration::from_millis(200);
        s.with_pool_size(1, 1)
    })
    .await;
    let mut locker = harness.direct().await;
    let tx = locker.transaction().await.unwrap();
    tx.batch_execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let storage = harness.storage.clone();
    let blocked = tokio::spawn(async move { storage.accounts.list().await });
    tokio::time::sleep(Duration::from_millis(100)).await;

    let error = harness.storage.accounts.list().await.unwrap_err();

    assert!(matches!(error, RepoError::Unavailable(_)), "{error:?}");
    tx.rollback().await.unwrap();
    blocked
        .await
        .unwrap()
        .expect("the first call finishes once the lock goes");
}

#[tokio::test]
async fn a_closed_pool_is_unavailable() {
    let harness = Harness::new(PoolMode::Session).await;
    harness.backend.close();
    let error = harness.storage.accounts.list().await.unwrap_err();
    assert!(matches!(error, RepoError::Unavailable(_)), "{error:?}");
}

#[tokio::test]
async fn killed_server_connections_are_unavailable_at_most_once_then_replaced() {
    let harness = Harness::with(PoolMode::Session, |s| s.with_pool_size(2, 2)).await;
    harness.storage.accounts.list().await.expect("warm");
    let admin = harness.direct().await;
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut failures = 0;
    for _ in 0..4 {
        match harness.storage.accounts.list().await {
            Ok(_) => {}
            Err(RepoError::Unavailable(_)) => failures += 1,
            Err(other) => panic!("a dead connection must be Unavailable, got {other:?}"),
        }
    }
    assert!(
        failures <= 2,
        "{failures} calls failed; dead connections must be replaced"
    );
    harness.storage.accounts.list().await.expect("recovered");
}
