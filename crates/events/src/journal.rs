//! The event journal: numbers every published event and keeps the newest ones, so a client
//! that reconnects with its last id is told what it missed (the `EventFeed` port).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{
    EventFeed, EventPosition, FeedItem, FeedSubscription, NumberedEvent, ResumeFrom, ResyncReason,
};
use tokio::sync::{broadcast, watch};

use crate::journal_subscription::JournalSubscription;

/// How much the journal remembers and how far a subscriber may fall behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalSettings {
    /// Events kept for replay to reconnecting clients (at least 1).
    pub history: usize,
    /// Events one subscriber may have waiting before it must catch up from the history
    /// (at least 1).
    pub subscriber_buffer: usize,
}

impl Default for JournalSettings {
    fn default() -> Self {
        Self {
            history: 10_000,
            subscriber_buffer: 1_024,
        }
    }
}

/// The numbered, bounded history of inbox events of this process and their live fan-out.
#[derive(Debug, Clone)]
pub struct EventJournal {
    shared: Arc<Shared>,
}

/// What the journal and its subscriptions share.
#[derive(Debug)]
pub(crate) struct Shared {
    epoch: u64,
    history_capacity: usize,
    state: Mutex<History>,
    live: broadcast::Sender<Arc<NumberedEvent>>,
    /// Set at shutdown: every subscription ends, so streams do not hold the server open.
    closed: watch::Sender<bool>,
}

/// The numbered events still held; guarded so numbering, keeping and sending are one step.
#[derive(Debug)]
struct History {
    /// The number the next event gets (the first is 1).
    next_seq: u64,
    events: VecDeque<Arc<NumberedEvent>>,
}

impl History {
    /// The newest number handed out (0 before the first event).
    fn newest(&self) -> u64 {
        self.next_seq - 1
    }

    /// The number of the oldest event held (`next_seq` when none is).
    fn oldest_held(&self) -> u64 {
        self.next_seq - self.events.len() as u64
    }

    /// The events after `seq`, or `None` when some of them are no longer held.
    fn after(&self, seq: u64) -> Option<VecDeque<FeedItem>> {
        if seq.saturating_add(1) < self.oldest_held() {
            return None;
        }
        Some(
            self.events
                .iter()
                .filter(|event| event.position.seq > seq)
                .map(|event| FeedItem::Event(event.clone()))
                .collect(),
        )
    }
}

impl EventJournal {
    /// An empty journal with a fresh random epoch: ids from before a restart (or from another
    /// instance) carry another epoch and are answered with a resync.
    pub fn new(settings: JournalSettings) -> Self {
        let (live, _) = broadcast::channel(settings.subscriber_buffer.max(1));
        Self {
            shared: Arc::new(Shared {
                epoch: uuid::Uuid::new_v4().as_u64_pair().0,
                history_capacity: settings.history.max(1),
                state: Mutex::new(History {
                    next_seq: 1,
                    events: VecDeque::new(),
                }),
                live,
                closed: watch::Sender::new(false),
            }),
        }
    }

    /// Numbers `events` in order, keeps them, and hands them to every subscriber. Never blocks
    /// on a subscriber: one that falls behind catches up from the history or is told to resync.
    pub fn record(&self, events: impl IntoIterator<Item = InboxEvent>) {
        let shared = &self.shared;
        let mut history = shared.lock();
        for event in events {
            let numbered = Arc::new(NumberedEvent {
                position: shared.position(history.next_seq),
                event,
            });
            history.next_seq += 1;
            history.events.push_back(numbered.clone());
            if history.events.len() > shared.history_capacity {
                history.events.pop_front();
            }
            // An error only means nobody is subscribed right now.
            let _ = shared.live.send(numbered);
        }
    }

    /// Ends every subscription, present and future (at shutdown): their `next` answers `None`.
    pub fn close(&self) {
        self.shared.closed.send_replace(true);
    }

    /// The position of the newest event recorded (sequence 0 before the first).
    pub fn newest(&self) -> EventPosition {
        let seq = self.shared.lock().newest();
        self.shared.position(seq)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, History> {
        // The guarded state is updated in steps that cannot panic half-way; a poisoned lock
        // still holds a consistent history.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn position(&self, seq: u64) -> EventPosition {
        EventPosition {
            epoch: self.epoch,
            seq,
        }
    }

    fn resync(&self, history: &History, reason: ResyncReason) -> FeedItem {
        FeedItem::Resync {
            position: self.position(history.newest()),
            reason,
        }
    }

    /// What a subscriber that last saw `seq` and lost track of the live events must get next:
    /// the events after it from the history, or a resync when they are not all held any more.
    pub(crate) fn catch_up(&self, seq: u64) -> VecDeque<FeedItem> {
        let history = self.lock();
        history
            .after(seq)
            .unwrap_or_else(|| VecDeque::from([self.resync(&history, ResyncReason::Lagged)]))
    }
}

impl EventFeed for EventJournal {
    fn subscribe(&self, from: ResumeFrom) -> Box<dyn FeedSubscription> {
        let shared = &self.shared;
        // Under the lock: nothing is recorded between the replay snapshot and the subscription,
        // so the live events continue the replay without gap or repeat.
        let history = shared.lock();
        let live = shared.live.subscribe();
        let newest = history.newest();
        let (first, last_seen) = match from {
            ResumeFrom::Now => (VecDeque::new(), newest),
            ResumeFrom::After(position)
                if position.epoch != shared.epoch || position.seq > newest =>
            {
                let resync = shared.resync(&history, ResyncReason::UnknownId);
                (VecDeque::from([resync]), newest)
            }
            ResumeFrom::After(position) => match history.after(position.seq) {
                Some(missed) => (missed, position.seq),
                None => {
                    let resync = shared.resync(&history, ResyncReason::TooOld);
                    (VecDeque::from([resync]), newest)
                }
            },
            ResumeFrom::Unreadable => {
                let resync = shared.resync(&history, ResyncReason::UnknownId);
                (VecDeque::from([resync]), newest)
            }
        };
        drop(history);
        Box::new(JournalSubscription::new(
            self.shared.clone(),
            live,
            self.shared.closed.subscribe(),
            first,
            last_seen,
        ))
    }
}
