//! The bundle of repositories a storage backend provides, and its health probe.

use async_trait::async_trait;
use std::sync::Arc;

use crate::error::RepoError;
use crate::ports::{
    AccessRepo, AccountRepo, ContactRepo, ConversationRepo, MessageRepo, WebhookQueue,
};

/// Liveness of a storage backend.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait StorageHealth: Send + Sync {
    /// The backend's name as `/health` reports it: "postgres", "embedded-postgres", "memory"...
    fn backend(&self) -> &'static str;

    /// One cheap round trip to the store.
    ///
    /// # Errors
    /// - `Unavailable` when the store cannot be reached.
    async fn ping(&self) -> Result<(), RepoError>;
}

/// Every repository of one backend, as the application uses them.
#[derive(Clone)]
pub struct Storage {
    /// App users, roles and overrides.
    pub access: Arc<dyn AccessRepo>,
    /// Business numbers.
    pub accounts: Arc<dyn AccountRepo>,
    /// Customers.
    pub contacts: Arc<dyn ContactRepo>,
    /// Threads.
    pub conversations: Arc<dyn ConversationRepo>,
    /// Messages.
    pub messages: Arc<dyn MessageRepo>,
    /// Raw webhook deliveries and their idempotent application.
    pub webhooks: Arc<dyn WebhookQueue>,
    /// Liveness.
    pub health: Arc<dyn StorageHealth>,
}
