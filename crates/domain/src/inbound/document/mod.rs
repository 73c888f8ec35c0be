//! The apply document: one delivery in our shape, as every storage backend applies it.
//!
//! The SQL backends send it, as `jsonb`, to the one SQL function that applies a delivery
//! (`inbox_webhook_apply` in `migrations/`); the in-memory backend reads the typed value. It is
//! not Meta's shape: identifiers are already parsed, texts already fit their columns
//! ([`super::rules`]), statuses are lattice values, times are microseconds since the Unix epoch,
//! and the ids of rows the delivery may create are generated here (UUIDv7), so ids stay
//! application-made on every backend.

mod build;
mod outcome;
#[cfg(test)]
mod tests;

pub use outcome::{OutcomeError, outcome_from_json};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::ids::{ContactId, ConversationId, MessageId};
use crate::inbound::WebhookBatch;
use crate::message::{MediaRef, MessageKind, MessageStatus, MetaError};
use crate::phone::{PhoneNumberId, WaId, WabaId};
use crate::wamid::Wamid;

/// The apply document of `batch`, as JSON.
pub fn apply_document(batch: &WebhookBatch) -> Value {
    ApplyDocument::from_batch(batch).to_json()
}

/// Everything a delivery asks the store to apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplyDocument {
    /// Per business number: contacts, messages and statuses, in Meta's order.
    pub changes: Vec<DocChange>,
    /// Template review updates.
    pub templates: Vec<DocTemplate>,
    /// The parts the parser could not read, as `location: reason` (never personal data); when
    /// present the delivery is parked after the rest is applied, with this as its last error.
    pub unreadable: Option<String>,
}

/// What happened on one business number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocChange {
    /// Routes the change to an account; an unknown one is reported, not applied.
    pub phone_number_id: PhoneNumberId,
    /// Every customer the change names, once each: profiles first, then senders with no profile.
    pub contacts: Vec<DocContact>,
    /// Inbound messages.
    pub messages: Vec<DocMessage>,
    /// Status reports that move a message (unknown status values are left out).
    pub statuses: Vec<DocStatus>,
}

/// A customer as the change names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocContact {
    /// The id the contact gets if it is new; messages name their sender by it.
    pub id: ContactId,
    /// The id of the conversation opened with this contact if there is none yet.
    pub conversation_id: ConversationId,
    /// Their WhatsApp id.
    pub wa_id: Option<WaId>,
    /// Their business-scoped user id.
    pub bsuid: Option<String>,
    /// Their profile name; `None` keeps the stored one.
    pub profile_name: Option<String>,
}

/// One inbound message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMessage {
    /// The id the message gets if it is new.
    pub id: MessageId,
    /// Meta's id: a known one makes the message a duplicate.
    pub wamid: Wamid,
    /// The `DocContact::id` of the sender; `None` when Meta named no sender.
    pub contact: Option<ContactId>,
    /// What it is.
    pub kind: MessageKind,
    /// Readable text.
    pub body: Option<String>,
    /// The attached file.
    pub media: Option<MediaRef>,
    /// Meta's message object (minus the fields above).
    pub payload: Value,
    /// The quoted message.
    pub reply_to_wamid: Option<Wamid>,
    /// When the customer sent it.
    #[serde(with = "micros")]
    pub sent_at: OffsetDateTime,
    /// For reactions: what was reacted to and with what.
    pub reaction: Option<DocReaction>,
}

/// A reaction set (an emoji) or removed (`None`) on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocReaction {
    /// The message reacted to.
    pub target: Wamid,
    /// The emoji; `None` removes the reaction.
    pub emoji: Option<String>,
}

/// A status report, as a lattice status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocStatus {
    /// The message it is about.
    pub wamid: Wamid,
    /// The status it moves the message to.
    pub status: MessageStatus,
    /// Meta's first error, kept when the status is `failed`.
    pub error: Option<MetaError>,
    /// When it happened (Meta's time).
    #[serde(with = "micros")]
    pub at: OffsetDateTime,
    /// What we sent in `biz_opaque_callback_data` (our message id): finds the message of a
    /// send whose wamid we never learnt (an ambiguous attempt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<String>,
}

/// A template review update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTemplate {
    /// The WhatsApp Business Account; with name and language it finds a template whose Meta id
    /// we do not know yet.
    pub waba_id: Option<WabaId>,
    /// Meta's template id, as decimal digits.
    pub meta_template_id: Option<String>,
    /// Template name.
    pub name: String,
    /// Template language code.
    pub language: String,
    /// The `templates.status` it sets; `None` for events that set none.
    pub status: Option<String>,
    /// Meta's reason, for rejections.
    pub reason: Option<String>,
    /// When Meta sent it; an older update never overwrites a newer one.
    #[serde(with = "micros::option")]
    pub at: Option<OffsetDateTime>,
}

impl ApplyDocument {
    /// The document as JSON.
    pub fn to_json(&self) -> Value {
        // Every field serialises to JSON (no map has a non-string key), so this cannot fail;
        // `Null` would make the apply function refuse the document rather than guess.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Times as whole microseconds since the Unix epoch (a JSON integer), cut toward zero.
pub mod micros {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;

    /// Microseconds since the Unix epoch.
    pub fn of(t: OffsetDateTime) -> i64 {
        i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
    }

    /// The instant `micros` after the Unix epoch.
    pub fn at(micros: i64) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).ok()
    }

    /// Serialises a time.
    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(of(*t))
    }

    /// Deserialises a time.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let micros = i64::deserialize(d)?;
        at(micros).ok_or_else(|| serde::de::Error::custom("time out of range"))
    }

    /// The same for optional times.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::OffsetDateTime;

        /// Serialises an optional time.
        pub fn serialize<S: Serializer>(
            t: &Option<OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_some(&super::of(*t)),
                None => s.serialize_none(),
            }
        }

        /// Deserialises an optional time.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            Option::<i64>::deserialize(d)?
                .map(|micros| {
                    super::at(micros).ok_or_else(|| serde::de::Error::custom("time out of range"))
                })
                .transpose()
        }
    }
}
