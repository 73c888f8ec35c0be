//! What only the in-memory backend offers: its name, its ping, and its row counts.

use std::sync::Arc;

use inbox_memory::{Counts, MemoryStore};
use inbox_testkit::contract::fixtures::{conversation, inbound};

#[tokio::test]
async fn health_names_the_memory_backend_and_answers_pings() {
    let storage = inbox_memory::storage();
    assert_eq!(storage.health.backend(), "memory");
    storage.health.ping().await.unwrap();
}

#[tokio::test]
async fn counts_follow_what_the_ports_store() {
    let store = Arc::new(MemoryStore::new());
    let storage = store.clone().storage();
    assert_eq!(store.counts().unwrap(), Counts::default());
    let thread = conversation(&storage).await;
    let new = inbound(thread.id, 10);
    storage.messages.append(new.clone()).await.unwrap();
    storage.messages.append(new).await.unwrap();
    let expected = Counts {
        accounts: 1,
        contacts: 1,
        conversations: 1,
        messages: 1,
    };
    assert_eq!(store.counts().unwrap(), expected);
}

#[tokio::test]
async fn stores_are_independent() {
    let first = inbox_memory::storage();
    let second = inbox_memory::storage();
    conversation(&first).await;
    assert!(second.accounts.list().await.unwrap().is_empty());
}
