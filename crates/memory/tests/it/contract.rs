//! Every port contract suite of `inbox-testkit`, each case on a fresh in-memory store.

use inbox_testkit::contract;

#[tokio::test]
async fn access_contract() {
    contract::access_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn user_admin_contract() {
    contract::user_admin_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn accounts_contract() {
    contract::accounts_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn contacts_contract() {
    contract::contacts_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn conversations_contract() {
    contract::conversations_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn messages_contract() {
    contract::messages_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test]
async fn webhooks_contract() {
    contract::webhooks_contract(|| async { inbox_memory::storage() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_property() {
    contract::webhooks_property(|| async { inbox_memory::storage() }, 32).await;
}

#[tokio::test]
async fn outbox_contract() {
    contract::outbox_contract(|| async {
        let store = std::sync::Arc::new(inbox_memory::MemoryStore::new());
        contract::outbox::OutboxWorld {
            storage: store.clone().storage(),
            outbox: store.outbox(),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_contract() {
    contract::templates_contract(|| async {
        let store = std::sync::Arc::new(inbox_memory::MemoryStore::new());
        contract::TemplateWorld {
            storage: store.clone().storage(),
            outbox: store.clone().outbox(),
            templates: store,
        }
    })
    .await;
}
