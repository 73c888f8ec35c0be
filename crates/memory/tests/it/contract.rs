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
