//! Reading inbox events as a numbered, resumable feed (agents' SSE and WebSocket streams).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;

use crate::error::ValidationError;
use crate::events::InboxEvent;

/// Where an event sits in the feed: the feed's epoch (one per process start, so ids handed out
/// before a restart are recognised as foreign) and a sequence number that grows by one per event.
/// Written as `{epoch:x}-{seq}` (the SSE `id:` and the `Last-Event-ID` a client sends back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventPosition {
    /// The feed instance that numbered the event.
    pub epoch: u64,
    /// The event's number in that instance, from 1; 0 means "before the first event".
    pub seq: u64,
}

impl fmt::Display for EventPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:x}-{}", self.epoch, self.seq)
    }
}

impl FromStr for EventPosition {
    type Err = ValidationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || ValidationError::new("last_event_id", "is not an event id of this server");
        let (epoch, seq) = text.trim().split_once('-').ok_or_else(invalid)?;
        Ok(Self {
            epoch: u64::from_str_radix(epoch, 16).map_err(|_| invalid())?,
            seq: seq.parse().map_err(|_| invalid())?,
        })
    }
}

/// An event with its place in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedEvent {
    /// Its id.
    pub position: EventPosition,
    /// What happened.
    pub event: InboxEvent,
}

/// Why a subscriber must re-read its state from the API instead of being told what it missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResyncReason {
    /// The id it resumes from is older than what the feed still holds.
    TooOld,
    /// The id is not one this feed handed out (another instance, before a restart, malformed).
    UnknownId,
    /// The subscriber fell further behind than its buffer and the feed's history allow.
    Lagged,
}

impl ResyncReason {
    /// The stable snake_case name clients read.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooOld => "too_old",
            Self::UnknownId => "unknown_id",
            Self::Lagged => "lagged",
        }
    }
}

/// What a subscription yields next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedItem {
    /// The next event, in feed order.
    Event(Arc<NumberedEvent>),
    /// Events were missed: re-read the state; the events after `position` follow.
    Resync {
        /// The feed's newest position when the gap was noticed (resume from here).
        position: EventPosition,
        /// Why.
        reason: ResyncReason,
    },
}

/// One subscriber's view of the feed.
#[async_trait]
pub trait FeedSubscription: Send {
    /// Waits for the next item. Items come in feed order, never twice; a gap is always
    /// announced by a `Resync` item, never skipped silently. `None` when the feed has closed.
    /// Cancel-safe: dropping the future before it completes loses no item (streams race it
    /// against their heartbeat timer).
    async fn next(&mut self) -> Option<FeedItem>;
}

/// Where a new subscription starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeFrom {
    /// With the next event published.
    Now,
    /// After this position (a reconnecting client's last seen id).
    After(EventPosition),
    /// From an id that cannot be read: the subscription starts with a `Resync`.
    Unreadable,
}

/// The numbered feed of inbox events, with a bounded history for subscribers that reconnect.
/// A subscriber never slows the publishers nor other subscribers.
#[cfg_attr(feature = "mocks", mockall::automock)]
pub trait EventFeed: Send + Sync {
    /// Subscribes. `After(position)` first replays the events after that position, in order,
    /// when the feed still holds all of them; otherwise the subscription starts with a
    /// `Resync`: `TooOld` when some were dropped from the history, `UnknownId` when this feed
    /// did not hand the position out (another epoch, or a sequence number not reached yet) or
    /// it was `Unreadable`. Then live events follow, without gap or repeat.
    fn subscribe(&self, from: ResumeFrom) -> Box<dyn FeedSubscription>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_reads_back_what_it_writes() {
        let position = EventPosition {
            epoch: 0xabc_def,
            seq: 42,
        };
        assert_eq!(position.to_string(), "abcdef-42");
        assert_eq!("abcdef-42".parse::<EventPosition>().unwrap(), position);
    }

    #[test]
    fn a_foreign_or_garbled_id_is_refused_naming_the_field() {
        for text in ["", "42", "xyz-1", "ab-", "ab--1", "ab-1.5"] {
            let error = text.parse::<EventPosition>().unwrap_err();
            assert_eq!(error.field, "last_event_id", "case {text:?}");
        }
    }
}
