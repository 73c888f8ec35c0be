//! Ports: what the inbox needs from the outside world, as object-safe async traits.

mod account_repo;
mod contact_repo;
mod conversation_repo;
mod message_repo;
mod storage;

pub use account_repo::AccountRepo;
pub use contact_repo::ContactRepo;
pub use conversation_repo::ConversationRepo;
pub use message_repo::{AppendOutcome, MessageRepo, StatusChange, StatusOutcome};
pub use storage::{Storage, StorageHealth};

#[cfg(feature = "mocks")]
pub use account_repo::MockAccountRepo;
#[cfg(feature = "mocks")]
pub use contact_repo::MockContactRepo;
#[cfg(feature = "mocks")]
pub use conversation_repo::MockConversationRepo;
#[cfg(feature = "mocks")]
pub use message_repo::MockMessageRepo;
#[cfg(feature = "mocks")]
pub use storage::MockStorageHealth;
