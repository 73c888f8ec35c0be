//! Every port contract suite from `inbox-testkit`, on the Postgres backend in session mode and in
//! transaction mode behind pgbouncer; each case gets a fresh database.

use inbox_domain::ports::Storage;
use inbox_postgres::{PgBackend, PoolMode, connect};
use inbox_testkit::contract;
use inbox_testkit::db::{TestCluster, TestDatabase};
use inbox_testkit::pgbouncer::PgBouncer;

use crate::support::settings_for;

/// A fresh database and a backend on it; the guard keeps both alive for the case.
async fn fresh(
    mode: PoolMode,
    bouncer: Option<&PgBouncer>,
) -> (Storage, (PgBackend, TestDatabase)) {
    let db = TestDatabase::new().await.expect("a test database");
    let backend = connect(settings_for(&db, bouncer, mode).with_pool_size(1, 8))
        .await
        .expect("connect");
    (backend.storage(), (backend, db))
}

/// pgbouncer in front of the shared test cluster, for every database in it.
async fn bouncer() -> PgBouncer {
    let cluster = TestCluster::shared().await.expect("the test cluster");
    match PgBouncer::in_front_of(&cluster.pg_config_for("postgres")).await {
        Ok(bouncer) => bouncer,
        Err(error) => panic!("transaction-mode tests need pgbouncer: {error}"),
    }
}

macro_rules! suite {
    ($name:ident, $run:path) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn session() {
                $run(|| fresh(PoolMode::Session, None)).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn transaction_behind_pgbouncer() {
                let bouncer = bouncer().await;
                let bouncer = &bouncer;
                $run(move || fresh(PoolMode::Transaction, Some(bouncer))).await;
            }
        }
    };
}

suite!(access, contract::access_contract);
suite!(user_admin, contract::user_admin_contract);
suite!(accounts, contract::accounts_contract);
suite!(contacts, contract::contacts_contract);
suite!(conversations, contract::conversations_contract);
suite!(messages, contract::messages_contract);
suite!(webhooks, contract::webhooks_contract);

/// The webhook property on one database per mode (each case makes worlds of its own).
mod webhooks_property {
    use super::*;

    const CASES: u32 = 32;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn session() {
        contract::webhooks_property(|| fresh(PoolMode::Session, None), CASES).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn transaction_behind_pgbouncer() {
        let bouncer = bouncer().await;
        let bouncer = &bouncer;
        contract::webhooks_property(move || fresh(PoolMode::Transaction, Some(bouncer)), CASES)
            .await;
    }
}

/// A fresh database and the template world of a backend on it.
async fn fresh_templates(
    mode: PoolMode,
    bouncer: Option<&PgBouncer>,
) -> (contract::TemplateWorld, (PgBackend, TestDatabase)) {
    let db = TestDatabase::new().await.expect("a test database");
    let backend = connect(settings_for(&db, bouncer, mode).with_pool_size(1, 8))
        .await
        .expect("connect");
    let world = contract::TemplateWorld {
        storage: backend.storage(),
        templates: backend.templates(),
        outbox: backend.outbox(),
    };
    (world, (backend, db))
}

mod templates {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn session() {
        contract::templates_contract(|| fresh_templates(PoolMode::Session, None)).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn transaction_behind_pgbouncer() {
        let bouncer = bouncer().await;
        let bouncer = &bouncer;
        contract::templates_contract(move || fresh_templates(PoolMode::Transaction, Some(bouncer)))
            .await;
    }
}

/// A fresh database with the storage and the outbox of one backend on it.
async fn fresh_outbox(
    mode: PoolMode,
    bouncer: Option<&PgBouncer>,
) -> (contract::outbox::OutboxWorld, (PgBackend, TestDatabase)) {
    let (storage, (backend, db)) = fresh(mode, bouncer).await;
    let outbox = backend.outbox();
    (
        contract::outbox::OutboxWorld { storage, outbox },
        (backend, db),
    )
}

/// The `Outbox` contract in both pool modes.
mod outbox {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn session() {
        contract::outbox_contract(|| fresh_outbox(PoolMode::Session, None)).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn transaction_behind_pgbouncer() {
        let bouncer = bouncer().await;
        let bouncer = &bouncer;
        contract::outbox_contract(move || fresh_outbox(PoolMode::Transaction, Some(bouncer))).await;
    }
}
