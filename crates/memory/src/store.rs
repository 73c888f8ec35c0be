//! The in-memory store: one state behind a lock, shared by every port it implements.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use inbox_domain::RepoError;
use inbox_domain::ports::Storage;

use crate::error::StoreError;
use crate::state::State;

/// Every repository of the inbox, in memory. Clone the `Arc`, not the store: one store is one
/// database. The lock is never held across an `.await`.
#[derive(Default)]
pub struct MemoryStore {
    state: RwLock<State>,
}

/// How many rows each table of a store holds (an inspection helper for tests and demos).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Accounts.
    pub accounts: usize,
    /// Contacts.
    pub contacts: usize,
    /// Conversations.
    pub conversations: usize,
    /// Messages.
    pub messages: usize,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every port of this store, as the application uses them; all share this store's data.
    pub fn storage(self: Arc<Self>) -> Storage {
        Storage {
            access: self.clone(),
            accounts: self.clone(),
            contacts: self.clone(),
            conversations: self.clone(),
            messages: self.clone(),
            webhooks: self.clone(),
            health: self,
        }
    }

    /// How many rows each table holds.
    ///
    /// # Errors
    /// - `Internal` when a panic poisoned the store.
    pub fn counts(&self) -> Result<Counts, RepoError> {
        Ok(self.read()?.counts())
    }

    /// The state, for reading.
    pub(crate) fn read(&self) -> Result<RwLockReadGuard<'_, State>, RepoError> {
        self.state.read().map_err(|_| StoreError::Poisoned.into())
    }

    /// The state, for changing.
    pub(crate) fn write(&self) -> Result<RwLockWriteGuard<'_, State>, RepoError> {
        self.state.write().map_err(|_| StoreError::Poisoned.into())
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore").finish_non_exhaustive()
    }
}
