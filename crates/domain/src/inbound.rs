//! What one Meta webhook delivery means, once read: messages, statuses and account events per number.
//!
//! These types are produced by the webhook parser of `inbox-whatsapp` and consumed by the workers
//! that apply a stored delivery. They are not a wire format: the raw delivery stays in the queue.

pub mod document;
mod message;
pub mod rules;
mod status;
mod template;

pub use message::{InboundMessage, ReactionChange};
pub use status::{ReportedStatus, StatusReport};
pub use template::{TemplateEvent, TemplateStatusUpdate};

use time::OffsetDateTime;

use crate::message::MetaError;
use crate::phone::{PhoneNumberId, WaId, WabaId};

/// Everything one webhook delivery carried, in the order Meta sent it.
///
/// Nothing is dropped silently: a part that could not be read is listed in `rejects`, and the
/// raw delivery (kept by the queue) still holds it. A worker applies everything else and, when
/// `rejects` is not empty, keeps the delivery for a person to look at.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookBatch {
    /// `messages` changes: inbound messages, statuses and errors of one business number each.
    pub changes: Vec<Change>,
    /// `message_template_status_update` changes.
    pub template_updates: Vec<TemplateStatusUpdate>,
    /// Changes of any other field (`account_update`, quality updates, ...), kept raw.
    pub other: Vec<OtherChange>,
    /// Parts of the delivery that could not be read, with where they were and why.
    pub rejects: Vec<Reject>,
}

impl WebhookBatch {
    /// Whether the delivery carried nothing at all (no change and no reject).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.template_updates.is_empty()
            && self.other.is_empty()
            && self.rejects.is_empty()
    }

    /// Inbound messages of every change, in order.
    pub fn messages(&self) -> impl Iterator<Item = &InboundMessage> {
        self.changes
            .iter()
            .flat_map(|change| change.messages.iter())
    }

    /// Status reports of every change, in order.
    pub fn statuses(&self) -> impl Iterator<Item = &StatusReport> {
        self.changes
            .iter()
            .flat_map(|change| change.statuses.iter())
    }
}

/// One `messages` change: what happened on one business number, routed by its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The WhatsApp Business Account (`entry[].id`), when it was a valid id.
    pub waba_id: Option<WabaId>,
    /// The business number (`metadata.phone_number_id`); an unknown one is parked, never dropped.
    pub phone_number_id: PhoneNumberId,
    /// The number as Meta displays it (`metadata.display_phone_number`), unparsed.
    pub display_phone_number: Option<String>,
    /// Profiles of the customers who wrote (absent for system messages and failed statuses).
    pub contacts: Vec<InboundContact>,
    /// Messages from customers.
    pub messages: Vec<InboundMessage>,
    /// Status reports about our outgoing messages.
    pub statuses: Vec<StatusReport>,
    /// Errors about the number, the app or the account (`value.errors`).
    pub errors: Vec<MetaError>,
}

/// A customer profile as a webhook reports it; neither identifier is guaranteed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundContact {
    /// Their WhatsApp id (phone number), when Meta shares it.
    pub wa_id: Option<WaId>,
    /// Meta's business-scoped user id (`user_id`), when sent.
    pub bsuid: Option<String>,
    /// The name on their WhatsApp profile.
    pub profile_name: Option<String>,
    /// Their WhatsApp username, when they have one.
    pub username: Option<String>,
}

/// A change of a field this crate does not model, kept as Meta sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherChange {
    /// The WhatsApp Business Account (`entry[].id`), when it was a valid id.
    pub waba_id: Option<WabaId>,
    /// Meta's `field`, e.g. `account_update`.
    pub field: String,
    /// `entry[].time`, when present.
    pub at: Option<OffsetDateTime>,
    /// The change's `value`, whole.
    pub value: serde_json::Value,
}

/// A part of a delivery that could not be read; it stays in the raw delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Where it was, as a JSON path: `entry[0].changes[1].value.messages[3]`.
    pub location: String,
    /// Why it was refused; never contains personal data.
    pub reason: String,
}
