//! A change in the review state of one of the account's message templates.

use time::OffsetDateTime;

use crate::phone::WabaId;

/// One `message_template_status_update` change.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateStatusUpdate {
    /// The WhatsApp Business Account (`entry[].id`), when it was a valid id.
    pub waba_id: Option<WabaId>,
    /// Meta's template id (`message_template_id`).
    pub template_id: i64,
    /// The template's name (`message_template_name`).
    pub name: String,
    /// The template's language code (`message_template_language`), e.g. `en_US`.
    pub language: String,
    /// What happened (`event`).
    pub event: TemplateEvent,
    /// Meta's reason, verbatim (`NONE` when there is none to give).
    pub reason: Option<String>,
    /// `message_template_category`, when sent.
    pub category: Option<String>,
    /// `entry[].time`, when present.
    pub at: Option<OffsetDateTime>,
    /// The change's `value`, whole (`disable_info`, `other_info`, `rejection_info`, ...).
    pub raw: serde_json::Value,
}

macro_rules! events {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// A template review event; unknown ones are kept as Meta spelled them.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum TemplateEvent {
            $(
                #[doc = concat!("Meta's `", $name, "` event.")]
                $variant,
            )+
            /// An event this list does not know yet.
            Other(String),
        }

        impl TemplateEvent {
            /// Reads Meta's `event` value; unknown values are kept, not refused.
            pub fn from_meta(value: &str) -> Self {
                match value {
                    $($name => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The value as Meta spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $name,)+
                    Self::Other(other) => other,
                }
            }
        }
    };
}

events! {
    Approved => "APPROVED",
    Pending => "PENDING",
    Rejected => "REJECTED",
    Paused => "PAUSED",
    Disabled => "DISABLED",
    Flagged => "FLAGGED",
    InAppeal => "IN_APPEAL",
    LimitExceeded => "LIMIT_EXCEEDED",
    Locked => "LOCKED",
    Archived => "ARCHIVED",
    Unarchived => "UNARCHIVED",
    Deleted => "DELETED",
    PendingDeletion => "PENDING_DELETION",
    Reinstated => "REINSTATED",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_events_round_trip_and_unknown_ones_are_kept() {
        for name in ["APPROVED", "IN_APPEAL", "PENDING_DELETION", "SOMETHING_NEW"] {
            assert_eq!(TemplateEvent::from_meta(name).as_str(), name);
        }
        assert_eq!(
            TemplateEvent::from_meta("SOMETHING_NEW"),
            TemplateEvent::Other("SOMETHING_NEW".to_owned())
        );
    }
}
