//! One subscriber of the journal: a replay first, then live events, catching up from the
//! history when its bounded buffer overflowed.

use std::collections::VecDeque;
use std::sync::Arc;

use async_trait::async_trait;
use inbox_domain::ports::{FeedItem, FeedSubscription, NumberedEvent};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

use crate::journal::Shared;

/// A subscription to an [`crate::EventJournal`].
pub(crate) struct JournalSubscription {
    shared: Arc<Shared>,
    live: broadcast::Receiver<Arc<NumberedEvent>>,
    /// Becomes true when the journal closes.
    closed: watch::Receiver<bool>,
    /// Items to hand out before reading live events again (a replay, a catch-up, a resync).
    queued: VecDeque<FeedItem>,
    /// The sequence number this subscriber is up to: live events at or below it are repeats.
    last_seen: u64,
}

impl JournalSubscription {
    pub(crate) fn new(
        shared: Arc<Shared>,
        live: broadcast::Receiver<Arc<NumberedEvent>>,
        closed: watch::Receiver<bool>,
        queued: VecDeque<FeedItem>,
        last_seen: u64,
    ) -> Self {
        Self {
            shared,
            live,
            closed,
            queued,
            last_seen,
        }
    }

    fn hand_out(&mut self, item: FeedItem) -> FeedItem {
        self.last_seen = match &item {
            FeedItem::Event(event) => event.position.seq,
            FeedItem::Resync { position, .. } => position.seq,
        };
        item
    }
}

#[async_trait]
impl FeedSubscription for JournalSubscription {
    async fn next(&mut self) -> Option<FeedItem> {
        loop {
            if *self.closed.borrow() {
                return None;
            }
            if let Some(item) = self.queued.pop_front() {
                return Some(self.hand_out(item));
            }
            let received = tokio::select! {
                biased;
                // An error means the journal is gone: closed as well.
                _ = self.closed.wait_for(|closed| *closed) => return None,
                received = self.live.recv() => received,
            };
            match received {
                Ok(event) if event.position.seq <= self.last_seen => {}
                Ok(event) => return Some(self.hand_out(FeedItem::Event(event))),
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(
                        missed,
                        "event subscriber lagged; catching up from the history"
                    );
                    self.queued = self.shared.catch_up(self.last_seen);
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}
