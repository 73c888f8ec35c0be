//! `TemplateStatus`: the value of a `message_template_status_update` change.

use serde_json::{Value, json};

/// A template review event; add it with `Delivery::template_status`.
#[derive(Debug, Clone)]
pub struct TemplateStatus(pub(crate) Value);

impl TemplateStatus {
    /// `event` (`APPROVED`, `REJECTED`, ...) for template `id` (a JSON number, as Meta sends it).
    pub fn new(id: i64, name: &str, language: &str, event: &str) -> Self {
        Self(json!({
            "event": event,
            "message_template_id": id,
            "message_template_name": name,
            "message_template_language": language,
            "reason": "NONE",
        }))
    }

    /// `APPROVED`, reason `NONE`.
    pub fn approved(id: i64, name: &str, language: &str) -> Self {
        Self::new(id, name, language, "APPROVED")
    }

    /// `REJECTED` for `reason` (`INVALID_FORMAT`, `ABUSIVE_CONTENT`, ...).
    pub fn rejected(id: i64, name: &str, language: &str, reason: &str) -> Self {
        Self::new(id, name, language, "REJECTED").field("reason", json!(reason))
    }

    /// Sets `message_template_category`.
    #[must_use]
    pub fn category(self, category: &str) -> Self {
        self.field("message_template_category", json!(category))
    }

    /// Sets any field (`disable_info`, `other_info`, `rejection_info`, ...).
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
}
