//! A status report about one of our outgoing messages.

use time::OffsetDateTime;

use crate::message::{MessageStatus, MetaError};
use crate::phone::WaId;
use crate::wamid::Wamid;

/// One entry of `statuses[]`; `(wamid, status)` makes applying it idempotent.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusReport {
    /// Meta's id of our message.
    pub wamid: Wamid,
    /// What happened to it.
    pub status: ReportedStatus,
    /// The customer's WhatsApp id (`recipient_id`), for messages to one person.
    pub recipient: Option<WaId>,
    /// The customer's business-scoped user id (`recipient_user_id`), when sent.
    pub recipient_bsuid: Option<String>,
    /// The group id (`recipient_id` when `recipient_type` is `group`).
    pub recipient_group: Option<String>,
    /// When it happened (Meta's `timestamp`).
    pub at: OffsetDateTime,
    /// Why it failed, for `failed` (and sometimes other) statuses.
    pub errors: Vec<MetaError>,
    /// Meta's `conversation` object, raw; often omitted since v24.0.
    pub conversation: Option<serde_json::Value>,
    /// Meta's `pricing` object, raw.
    pub pricing: Option<serde_json::Value>,
    /// What we put in `biz_opaque_callback_data` when sending: our message id.
    pub biz_opaque_callback_data: Option<String>,
}

/// A status value: one the domain tracks, or any other Meta sends, never an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReportedStatus {
    /// `sent`, `delivered`, `read` or `failed` (never `pending`, which is ours).
    Known(MessageStatus),
    /// Any other value as Meta spelled it: `played`, `deleted`, `warning`, ...
    Other(String),
}

impl ReportedStatus {
    /// Reads Meta's `status` value; unknown values are kept, not refused.
    pub fn from_meta(value: &str) -> Self {
        match value {
            "sent" => Self::Known(MessageStatus::Sent),
            "delivered" => Self::Known(MessageStatus::Delivered),
            "read" => Self::Known(MessageStatus::Read),
            "failed" => Self::Known(MessageStatus::Failed),
            other => Self::Other(other.to_owned()),
        }
    }

    /// The value as Meta spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(status) => status.as_str(),
            Self::Other(other) => other,
        }
    }

    /// The status the domain tracks, if it is one.
    pub fn known(&self) -> Option<MessageStatus> {
        match self {
            Self::Known(status) => Some(*status),
            Self::Other(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_values_map_to_tracked_statuses_or_are_kept() {
        for (value, expected) in [
            ("sent", Some(MessageStatus::Sent)),
            ("delivered", Some(MessageStatus::Delivered)),
            ("read", Some(MessageStatus::Read)),
            ("failed", Some(MessageStatus::Failed)),
            ("played", None),
            ("pending", None),
            ("deleted", None),
        ] {
            let status = ReportedStatus::from_meta(value);
            assert_eq!(status.known(), expected, "{value}");
            assert_eq!(status.as_str(), value, "{value}");
        }
    }
}
