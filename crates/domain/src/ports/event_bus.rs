//! Publishing inbox events to whoever listens (agents' streams, other instances).

use async_trait::async_trait;

use crate::events::InboxEvent;

/// Fan-out of inbox events. Delivery is best effort: events are hints to re-read, the database
/// stays the truth, so a slow or absent listener never blocks or fails the publisher.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait EventBus: Send + Sync {
    /// Publishes events in order. Never fails: a bus that cannot deliver logs and drops.
    async fn publish(&self, events: Vec<InboxEvent>);
}
