//! Liveness of the in-memory store.

use async_trait::async_trait;

use inbox_domain::RepoError;
use inbox_domain::ports::StorageHealth;

use crate::store::MemoryStore;

#[async_trait]
impl StorageHealth for MemoryStore {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn ping(&self) -> Result<(), RepoError> {
        self.read().map(drop)
    }
}
