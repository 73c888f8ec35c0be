//! Ports: what the inbox needs from the outside world, as object-safe async traits.

mod access_repo;
mod account_repo;
mod contact_repo;
mod conversation_repo;
mod event_bus;
mod event_feed;
mod health_check;
mod identity_provider;
mod media_store;
mod message_repo;
mod outbox;
mod storage;
mod template_repo;
mod token_verifier;
mod webhook_queue;
mod webhook_verifier;
mod whatsapp_gateway;

pub use access_repo::AccessRepo;
pub use account_repo::AccountRepo;
pub use contact_repo::ContactRepo;
pub use conversation_repo::ConversationRepo;
pub use event_bus::EventBus;
pub use event_feed::{
    EventFeed, EventPosition, FeedItem, FeedSubscription, NumberedEvent, ResumeFrom, ResyncReason,
};
pub use health_check::{DependencyDown, HealthCheck};
pub use identity_provider::{IdentityError, IdentityProvider};
pub use media_store::{MediaError, MediaStore};
pub use message_repo::{AppendOutcome, MessageChange, MessageRepo, StatusChange, StatusOutcome};
pub use outbox::Outbox;
pub use storage::{Storage, StorageHealth};
pub use template_repo::TemplateRepo;
pub use token_verifier::{RejectAllTokens, TokenRejected, TokenVerifier};
pub use webhook_queue::ClaimedBatch;
pub use webhook_queue::{
    ApplyOutcome, Claim, DeliveryId, DeliveryRecord, DeliveryState, FailAction,
    LEASE_EXPIRED_TOO_OFTEN, MESSAGE_WITHOUT_SENDER, UNKNOWN_ACCOUNT, UNREADABLE_PARTS,
    WebhookQueue,
};
pub use webhook_verifier::{RejectAllVerifier, SignatureRejected, WebhookVerifier};
pub use whatsapp_gateway::WhatsAppGateway;

#[cfg(feature = "mocks")]
pub use access_repo::MockAccessRepo;
#[cfg(feature = "mocks")]
pub use account_repo::MockAccountRepo;
#[cfg(feature = "mocks")]
pub use contact_repo::MockContactRepo;
#[cfg(feature = "mocks")]
pub use conversation_repo::MockConversationRepo;
#[cfg(feature = "mocks")]
pub use event_bus::MockEventBus;
#[cfg(feature = "mocks")]
pub use event_feed::MockEventFeed;
#[cfg(feature = "mocks")]
pub use health_check::MockHealthCheck;
#[cfg(feature = "mocks")]
pub use identity_provider::MockIdentityProvider;
#[cfg(feature = "mocks")]
pub use media_store::MockMediaStore;
#[cfg(feature = "mocks")]
pub use message_repo::MockMessageRepo;
#[cfg(feature = "mocks")]
pub use outbox::MockOutbox;
#[cfg(feature = "mocks")]
pub use storage::MockStorageHealth;
#[cfg(feature = "mocks")]
pub use template_repo::MockTemplateRepo;
#[cfg(feature = "mocks")]
pub use token_verifier::MockTokenVerifier;
#[cfg(feature = "mocks")]
pub use webhook_queue::MockWebhookQueue;
#[cfg(feature = "mocks")]
pub use whatsapp_gateway::MockWhatsAppGateway;
