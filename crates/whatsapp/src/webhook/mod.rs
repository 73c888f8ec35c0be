//! Reading a signed webhook delivery into a [`WebhookBatch`] of domain types.
//!
//! The envelope (`object`, `entry[]`, `changes[]`) must have Meta's shape, or [`parse`] fails with
//! a [`ParseError`] and the worker parks the delivery. Inside it, every part is read on its own,
//! so one bad part never costs the others:
//!
//! - a message with a usable `id` and `timestamp` is always kept; when its content cannot be read
//!   as its declared type (or the type is unknown) it becomes [`MessageKind::Unsupported`] with
//!   the raw object in `payload` and the reason in `decode_error`;
//! - a message or status without a usable id or timestamp, a change without a usable
//!   `phone_number_id`, a malformed entry, contact, error or template update goes to
//!   [`WebhookBatch::rejects`] with its JSON path and the reason.
//!
//! Reasons never quote values from the payload: they may be logged.
//!
//! [`MessageKind::Unsupported`]: inbox_domain::MessageKind::Unsupported

mod change;
mod common;
mod content;
mod envelope;
mod error;
mod messages;
mod statuses;
mod templates;
mod value;

pub use error::ParseError;

use inbox_domain::inbound::WebhookBatch;

/// Reads the raw body of a delivery (already signature-checked) into domain types.
///
/// # Errors
/// [`ParseError::Json`] when the body is not JSON, [`ParseError::WrongObject`] when `object` is
/// not `whatsapp_business_account`, [`ParseError::Envelope`] when `object` or `entry` is missing
/// or of the wrong JSON type. Anything wrong deeper down is reported in the batch's `rejects`.
pub fn parse(body: &[u8]) -> Result<WebhookBatch, ParseError> {
    envelope::parse(body)
}
