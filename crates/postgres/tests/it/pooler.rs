//! Behind a transaction pooler (pgbouncer, `pool_mode = transaction`): why the mode exists, and
//! that transaction mode needs no session state.

use futures::future::join_all;
use inbox_domain::ports::{StatusChange, Storage};
use inbox_domain::{MessageStatus, RepoError};
use inbox_postgres::{PoolMode, connect};
use inbox_testkit::contract::fixtures::{account, contact, inbound, outbound};
use inbox_testkit::db::TestDatabase;
use inbox_testkit::pgbouncer::PgBouncer;
use tokio_postgres::{Client, NoTls};

use crate::support::{Harness, settings_for, start_bouncer};

/// A plain client through pgbouncer that opens a transaction and keeps it, pinning the server
/// connection pgbouncer hands it (the idle one used last: pgbouncer reuses servers LIFO).
async fn pin_a_server(bouncer: &PgBouncer, db: &TestDatabase) -> Client {
    let (client, connection) = bouncer.route(&db.pg_config()).connect(NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute("BEGIN; SELECT 1").await.unwrap();
    client
}

#[tokio::test]
async fn session_mode_cached_statements_break_when_the_pooler_switches_servers() {
    let db = TestDatabase::new().await.unwrap();
    let bouncer = start_bouncer(&db).await;
    let settings = settings_for(&db, Some(&bouncer), PoolMode::Session).with_pool_size(1, 1);
    let backend = connect(settings).await.expect("connect");
    let storage = backend.storage();
    storage
        .accounts
        .list()
        .await
        .expect("prepared and run on the only server connection");

    let _pin = pin_a_server(&bouncer, &db).await;
    let error = storage.accounts.list().await.unwrap_err();

    let text = format!("{:?}", error);
    assert!(matches!(error, RepoError::Internal(_)), "{text}");
    assert!(text.contains("prepared statement"), "{text}");
}

#[tokio::test]
async fn transaction_mode_works_when_the_pooler_switches_servers() {
    let h = Harness::with(PoolMode::Transaction, |s| s.with_pool_size(1, 1)).await;
    let bouncer = h.bouncer.as_ref().unwrap();
    let first = account(&h.storage).await;

    let _pin = pin_a_server(bouncer, &h.db).await;

    let again = h
        .storage
        .accounts
        .get(first.id)
        .await
        .expect("get on another server");
    assert_eq!(again.id, first.id);
    let listed = h
        .storage
        .accounts
        .list()
        .await
        .expect("list on another server");
    assert_eq!(listed.len(), 1);
}

/// One full inbox flow: account, contact, conversation, messages in and out, statuses, reads.
async fn flow(storage: Storage) -> Result<(), RepoError> {
    let owner = account(&storage).await;
    let customer = contact(&storage, owner.id).await;
    let thread = storage.conversations.open(owner.id, customer.id).await?;
    storage.messages.append(inbound(thread.id, 0)).await?;
    let reply = storage
        .messages
        .append(outbound(thread.id, 1))
        .await?
        .message;
    for status in [
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Read,
    ] {
        let change = StatusChange {
            status,
            error: None,
        };
        let outcome = storage.messages.apply_status(reply.id, change).await?;
        assert!(outcome.changed && outcome.message.status == status);
    }
    let summary = storage.conversations.get(thread.id).await?;
    assert_eq!(summary.last_message.map(|m| m.id), Some(reply.id));
    let page = storage
        .messages
        .page(thread.id, None, Default::default())
        .await?;
    assert_eq!(page.items.len(), 2);
    storage
        .conversations
        .list(owner.id, None, Default::default())
        .await?;
    storage.health.ping().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transaction_mode_serves_hundreds_of_calls_over_many_connections() {
    let h = Harness::with(PoolMode::Transaction, |s| s.with_pool_size(4, 20)).await;

    let flows = (0..40).map(|_| tokio::spawn(flow(h.storage.clone())));
    let results = join_all(flows).await;

    for (i, result) in results.into_iter().enumerate() {
        result
            .unwrap()
            .unwrap_or_else(|e| panic!("flow {i} failed: {e:?}"));
    }
    assert_eq!(h.storage.accounts.list().await.unwrap().len(), 40);
    let usage = h.backend.pool_status();
    assert!(
        usage.size > 4,
        "the load used more than the warm connections: {usage:?}"
    );
}
