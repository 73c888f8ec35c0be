//! In-process event fan-out: the `EventBus` port over a tokio broadcast channel.
#![doc = include_str!("../README.md")]

use async_trait::async_trait;
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::EventBus;
use tokio::sync::broadcast;

mod journal;
mod journal_subscription;
#[cfg(test)]
mod journal_tests;

pub use journal::{EventJournal, JournalSettings};

/// Events a subscriber may fall behind by before it starts losing them, by default.
pub const DEFAULT_CAPACITY: usize = 4096;

/// Fan-out of inbox events to subscribers in this process.
#[derive(Debug, Clone)]
pub struct InProcessEventBus {
    sender: broadcast::Sender<InboxEvent>,
    /// Numbers and keeps every published event for agents' streams, when set.
    journal: Option<EventJournal>,
}

impl InProcessEventBus {
    /// A bus whose subscribers may lag `capacity` events (at least 1) before losing some.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self {
            sender,
            journal: None,
        }
    }

    /// The same bus that also records every published event in `journal` (agents' streams
    /// read it through the `EventFeed` port).
    #[must_use]
    pub fn with_journal(mut self, journal: EventJournal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// A receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<InboxEvent> {
        self.sender.subscribe()
    }

    /// Ends the streams reading this bus's journal (at shutdown), so they do not hold the
    /// server open; publishing goes on working.
    pub fn close_streams(&self) {
        if let Some(journal) = &self.journal {
            journal.close();
        }
    }

    /// How many subscribers are listening.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }
}

impl Default for InProcessEventBus {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

#[async_trait]
impl EventBus for InProcessEventBus {
    async fn publish(&self, events: Vec<InboxEvent>) {
        if let Some(journal) = &self.journal {
            journal.record(events.iter().cloned());
        }
        for event in events {
            // An error only means nobody listens right now: events are hints, dropping is fine.
            if self.sender.send(event).is_err() {
                tracing::trace!("no event subscriber; event dropped");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use inbox_domain::{AccountId, ContactId};

    fn contact_updated() -> InboxEvent {
        InboxEvent::ContactUpdated {
            account_id: AccountId::generate(),
            contact_id: ContactId::generate(),
        }
    }

    #[tokio::test]
    async fn every_subscriber_receives_every_event_in_order() {
        let bus = InProcessEventBus::new(16);
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        let events = vec![contact_updated(), contact_updated()];

        bus.publish(events.clone()).await;

        for receiver in [&mut first, &mut second] {
            assert_eq!(receiver.recv().await.unwrap(), events[0]);
            assert_eq!(receiver.recv().await.unwrap(), events[1]);
        }
        assert_eq!(bus.subscribers(), 2);
    }

    #[tokio::test]
    async fn publishing_without_subscribers_neither_fails_nor_blocks() {
        let bus = InProcessEventBus::new(1);
        bus.publish(vec![contact_updated(); 10]).await;
        let mut late = bus.subscribe();
        assert!(
            late.try_recv().is_err(),
            "a late subscriber sees no old events"
        );
    }

    #[tokio::test]
    async fn a_lagging_subscriber_is_told_it_lost_events() {
        let bus = InProcessEventBus::new(2);
        let mut slow = bus.subscribe();
        bus.publish(vec![contact_updated(); 5]).await;
        assert!(matches!(
            slow.recv().await,
            Err(broadcast::error::RecvError::Lagged(3))
        ));
    }
}
