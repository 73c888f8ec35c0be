//! `Status`: one entry of `statuses[]`, a report about one of our outgoing messages.

use serde_json::{Value, json};

use super::TIMESTAMP;
use super::parts::{WaError, push};

/// A status report; build it with `Status::sent`, `delivered`, `read`, `failed` or `new`.
#[derive(Debug, Clone)]
pub struct Status(pub(crate) Value);

impl Status {
    /// Status `status` (any value, known or not) of `wamid` sent to `recipient_id`.
    pub fn new(wamid: &str, status: &str, recipient_id: &str) -> Self {
        Self(json!({
            "id": wamid,
            "status": status,
            "timestamp": TIMESTAMP.to_string(),
            "recipient_id": recipient_id,
        }))
    }

    /// `sent`, with the `pricing` Meta attaches to it.
    pub fn sent(wamid: &str, recipient_id: &str) -> Self {
        Self::new(wamid, "sent", recipient_id).pricing("utility")
    }

    /// `delivered`.
    pub fn delivered(wamid: &str, recipient_id: &str) -> Self {
        Self::new(wamid, "delivered", recipient_id)
    }

    /// `read`.
    pub fn read(wamid: &str, recipient_id: &str) -> Self {
        Self::new(wamid, "read", recipient_id)
    }

    /// `failed` with Meta's error.
    pub fn failed(wamid: &str, recipient_id: &str, error: WaError) -> Self {
        Self::new(wamid, "failed", recipient_id).error(error)
    }

    /// Sets `biz_opaque_callback_data` (our message id, echoed back).
    #[must_use]
    pub fn callback(self, data: &str) -> Self {
        self.field("biz_opaque_callback_data", json!(data))
    }

    /// Sets `pricing` (`PMP`, `regular`) for `category` (`utility`, `marketing`, `service`, ...).
    #[must_use]
    pub fn pricing(self, category: &str) -> Self {
        let pricing = json!({"billable": true, "pricing_model": "PMP", "type": "regular", "category": category});
        self.field("pricing", pricing)
    }

    /// Sets `conversation` with its id and origin type.
    #[must_use]
    pub fn conversation(self, id: &str, origin: &str) -> Self {
        self.field(
            "conversation",
            json!({"id": id, "origin": {"type": origin}}),
        )
    }

    /// Adds one of Meta's errors to `errors[]`.
    #[must_use]
    pub fn error(mut self, error: WaError) -> Self {
        push(&mut self.0, "errors", error.0);
        self
    }

    /// Adds the recipient's business-scoped user id (`recipient_user_id`).
    #[must_use]
    pub fn recipient_user_id(self, bsuid: &str) -> Self {
        self.field("recipient_user_id", json!(bsuid))
    }

    /// Marks the recipient a group (`recipient_type: group`).
    #[must_use]
    pub fn to_group(self) -> Self {
        self.field("recipient_type", json!("group"))
    }

    /// Sets `timestamp` (Unix seconds, as the string Meta sends).
    #[must_use]
    pub fn timestamp(self, unix_seconds: i64) -> Self {
        self.field("timestamp", json!(unix_seconds.to_string()))
    }

    /// Sets any field.
    #[must_use]
    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.0[key] = value;
        self
    }

    /// Removes a field.
    #[must_use]
    pub fn without(mut self, key: &str) -> Self {
        if let Some(object) = self.0.as_object_mut() {
            object.remove(key);
        }
        self
    }

    /// The status's JSON object.
    pub fn to_json(&self) -> Value {
        self.0.clone()
    }
}
