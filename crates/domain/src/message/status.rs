//! Delivery status of a message and the only moves it may make.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::ValidationError;

/// Where a message is on its way to the customer.
///
/// Statuses arrive from Meta out of order and repeated, so a status only moves forward:
/// `pending < sent < delivered < read`. `failed` is reachable from `pending` and `sent`;
/// evidence of delivery wins over a failure (a `delivered` or `read` after `failed` moves the
/// message on, a `failed` after `delivered` does not move it back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Recorded, not yet accepted by Meta.
    Pending,
    /// Accepted by Meta.
    Sent,
    /// On the customer's phone.
    Delivered,
    /// Seen by the customer.
    Read,
    /// Meta could not deliver it.
    Failed,
}

impl MessageStatus {
    /// Every status.
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Failed,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
        }
    }

    /// Position on the way to the customer; `failed` sits beside `sent`.
    /// Kept equal to `inbox_status_rank` in the SQL migrations.
    pub const fn rank(self) -> u8 {
        match self {
            Self::Pending => 0,
            Self::Sent | Self::Failed => 1,
            Self::Delivered => 2,
            Self::Read => 3,
        }
    }

    /// Whether a message in this status may take `next`; anything else is stale or illegal.
    pub fn can_become(self, next: Self) -> bool {
        match (self, next) {
            (Self::Failed, Self::Failed) => false,
            (_, Self::Failed) => matches!(self, Self::Pending | Self::Sent),
            (Self::Failed, _) => matches!(next, Self::Delivered | Self::Read),
            _ => next.rank() > self.rank(),
        }
    }
}

impl FromStr for MessageStatus {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    "status",
                    "must be one of pending, sent, delivered, read, failed",
                )
            })
    }
}

/// The error Meta gave for a failed message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaError {
    /// Meta's numeric error code, e.g. 131047.
    pub code: i64,
    /// Meta's short title.
    pub title: String,
    /// Meta's longer explanation, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::MessageStatus::{self, *};

    #[test]
    fn forward_moves_are_legal() {
        for (from, to) in [
            (Pending, Sent),
            (Pending, Delivered),
            (Sent, Delivered),
            (Sent, Read),
            (Delivered, Read),
            (Pending, Failed),
            (Sent, Failed),
        ] {
            assert!(from.can_become(to), "{from:?} -> {to:?} should be legal");
        }
    }

    #[test]
    fn backward_and_repeated_moves_are_refused() {
        for (from, to) in [
            (Read, Delivered),
            (Read, Sent),
            (Delivered, Sent),
            (Sent, Pending),
            (Sent, Sent),
            (Read, Read),
            (Delivered, Failed),
            (Read, Failed),
            (Failed, Failed),
            (Failed, Sent),
            (Failed, Pending),
        ] {
            assert!(!from.can_become(to), "{from:?} -> {to:?} should be refused");
        }
    }

    #[test]
    fn delivery_evidence_overrides_a_failure() {
        assert!(Failed.can_become(Delivered));
        assert!(Failed.can_become(Read));
    }

    #[test]
    fn names_round_trip() {
        for status in MessageStatus::ALL {
            assert_eq!(status.as_str().parse::<MessageStatus>().unwrap(), status);
        }
    }
}
