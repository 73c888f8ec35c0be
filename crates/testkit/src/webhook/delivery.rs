//! `Delivery`: a whole webhook POST body, with entries, changes and the parts of each change.

use serde_json::{Value, json};

use super::encode::{meta_json, signed};
use super::message::Msg;
use super::parts::{WaError, push};
use super::status::Status;
use super::template::TemplateStatus;
use super::{DISPLAY_PHONE_NUMBER, PHONE_NUMBER_ID, TIMESTAMP, WABA_ID};

/// A webhook delivery. Parts go to the last entry's last `messages` change, created if needed.
#[derive(Debug, Clone)]
pub struct Delivery {
    object: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    changes: Vec<Value>,
}

/// A `contacts[]` entry given explicitly (messages add their sender's on their own).
#[derive(Debug, Clone)]
pub struct Profile(Value);

impl Profile {
    /// A customer known by their WhatsApp id.
    pub fn new(wa_id: &str) -> Self {
        Self(json!({"profile": {}, "wa_id": wa_id}))
    }

    /// A customer known only by their business-scoped user id.
    pub fn bsuid_only(user_id: &str) -> Self {
        Self(json!({"profile": {}, "user_id": user_id}))
    }

    /// Sets `profile.name`.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.0["profile"]["name"] = json!(name);
        self
    }

    /// Sets `user_id`.
    #[must_use]
    pub fn user_id(mut self, user_id: &str) -> Self {
        self.0["user_id"] = json!(user_id);
        self
    }

    /// Sets any field.
    #[must_use]
    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.0[key] = value;
        self
    }
}

impl Delivery {
    /// One entry (account [`WABA_ID`]) with one `messages` change for `phone_number_id`.
    pub fn new(phone_number_id: &str) -> Self {
        Self::empty().entry(WABA_ID).change(phone_number_id)
    }

    /// No entries at all: `{"object": "whatsapp_business_account", "entry": []}`.
    pub fn empty() -> Self {
        Self {
            object: "whatsapp_business_account".to_owned(),
            entries: Vec::new(),
        }
    }

    /// Starts a new entry for account `waba_id`.
    #[must_use]
    pub fn entry(mut self, waba_id: &str) -> Self {
        self.entries.push(Entry {
            id: waba_id.to_owned(),
            changes: Vec::new(),
        });
        self
    }

    /// Starts a new `messages` change for `phone_number_id` in the last entry.
    #[must_use]
    pub fn change(mut self, phone_number_id: &str) -> Self {
        self.last_entry()
            .changes
            .push(messages_change(phone_number_id));
        self
    }

    /// Adds an inbound message, and its sender's `contacts[]` entry unless already there.
    #[must_use]
    pub fn message(mut self, message: Msg) -> Self {
        if let Some(contact) = message.contact() {
            let value = self.messages_value();
            // One entry per sender: by `wa_id` when there is one, else by `user_id`.
            let key = if contact["wa_id"].is_null() {
                "user_id"
            } else {
                "wa_id"
            };
            let known = value["contacts"]
                .as_array()
                .is_some_and(|contacts| contacts.iter().any(|c| c[key] == contact[key]));
            if !known {
                push(value, "contacts", contact);
            }
        }
        push(self.messages_value(), "messages", message.object);
        self
    }

    /// Adds a status report.
    #[must_use]
    pub fn status(mut self, status: Status) -> Self {
        push(self.messages_value(), "statuses", status.0);
        self
    }

    /// Adds a `contacts[]` entry.
    #[must_use]
    pub fn contact(mut self, profile: Profile) -> Self {
        push(self.messages_value(), "contacts", profile.0);
        self
    }

    /// Adds a change-level error (`value.errors`: about the number, app or account).
    #[must_use]
    pub fn error(mut self, error: WaError) -> Self {
        push(self.messages_value(), "errors", error.0);
        self
    }

    /// Sets any field of the last `messages` change's `value` (`metadata`, `statuses`, ...).
    #[must_use]
    pub fn value_field(mut self, key: &str, value: Value) -> Self {
        self.messages_value()[key] = value;
        self
    }

    /// Adds a `message_template_status_update` change to the last entry.
    #[must_use]
    pub fn template_status(self, update: TemplateStatus) -> Self {
        self.raw_change("message_template_status_update", update.0)
    }

    /// Adds a change of any `field` with any `value`; sets the entry's `time` as Meta does.
    #[must_use]
    pub fn raw_change(mut self, field: &str, value: Value) -> Self {
        self.last_entry()
            .changes
            .push(json!({"field": field, "value": value}));
        self
    }

    /// Replaces `object` (Meta's is `whatsapp_business_account`).
    #[must_use]
    pub fn object(mut self, object: &str) -> Self {
        object.clone_into(&mut self.object);
        self
    }

    /// The body as a JSON value.
    pub fn to_json(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                let mut out = json!({"id": entry.id, "changes": entry.changes});
                if entry
                    .changes
                    .iter()
                    .any(|change| change["field"] != "messages")
                {
                    out["time"] = json!(TIMESTAMP);
                }
                out
            })
            .collect();
        json!({"object": self.object, "entry": entries})
    }

    /// The body encoded as Meta encodes it (see [`meta_json`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        meta_json(&self.to_json())
    }

    /// The encoded body and its `X-Hub-Signature-256` under `secret`.
    pub fn signed(&self, secret: &[u8]) -> (Vec<u8>, String) {
        signed(&self.to_bytes(), secret)
    }

    fn last_entry(&mut self) -> &mut Entry {
        if self.entries.is_empty() {
            self.entries.push(Entry {
                id: WABA_ID.to_owned(),
                changes: Vec::new(),
            });
        }
        let last = self.entries.len() - 1;
        &mut self.entries[last]
    }

    /// The `value` of the last entry's last `messages` change, created if there is none.
    fn messages_value(&mut self) -> &mut Value {
        let entry = self.last_entry();
        let found = entry
            .changes
            .iter()
            .rposition(|change| change["field"] == "messages");
        let at = match found {
            Some(at) => at,
            None => {
                entry.changes.push(messages_change(PHONE_NUMBER_ID));
                entry.changes.len() - 1
            }
        };
        &mut entry.changes[at]["value"]
    }
}

fn messages_change(phone_number_id: &str) -> Value {
    let value = json!({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": phone_number_id},
    });
    json!({"field": "messages", "value": value})
}
