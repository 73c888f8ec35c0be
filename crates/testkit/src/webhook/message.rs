//! `Msg`: one inbound message as Meta sends it, with the modifiers every kind shares.

use serde_json::{Value, json};

use super::parts::{Referral, WaError, push};
use super::{DISPLAY_PHONE_NUMBER, TIMESTAMP};

/// One entry of `messages[]`; build it with a kind constructor (`Msg::text`, `Msg::image`, ...).
#[derive(Debug, Clone)]
pub struct Msg {
    pub(crate) object: Value,
    pub(crate) profile_name: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) with_contact: bool,
}

impl Msg {
    /// A message of Meta `type` `meta_type` whose object is `kind_object` (`None`: no object).
    pub(crate) fn build(
        from: &str,
        wamid: &str,
        meta_type: &str,
        kind_object: Option<Value>,
    ) -> Self {
        let mut object = json!({
            "from": from,
            "id": wamid,
            "timestamp": TIMESTAMP.to_string(),
            "type": meta_type,
        });
        if let Some(kind_object) = kind_object {
            object[meta_type] = kind_object;
        }
        Self {
            object,
            profile_name: None,
            username: None,
            with_contact: true,
        }
    }

    /// Any type with any object, for kinds without a constructor (`edit`, `revoke`, new ones).
    pub fn raw(from: &str, wamid: &str, meta_type: &str, kind_object: Value) -> Self {
        Self::build(from, wamid, meta_type, Some(kind_object))
    }

    /// Quotes one of our messages: `context {from: <business number>, id}`.
    #[must_use]
    pub fn reply_to(mut self, wamid: &str) -> Self {
        self.object["context"]["from"] = json!(DISPLAY_PHONE_NUMBER);
        self.object["context"]["id"] = json!(wamid);
        self
    }

    /// Marks it forwarded (`context.forwarded`, up to five times).
    #[must_use]
    pub fn forwarded(mut self) -> Self {
        self.object["context"]["forwarded"] = json!(true);
        self
    }

    /// Marks it frequently forwarded (`context.frequently_forwarded`, more than five times).
    #[must_use]
    pub fn frequently_forwarded(mut self) -> Self {
        self.object["context"]["frequently_forwarded"] = json!(true);
        self
    }

    /// Sent from a catalog product ("message business"): `context.referred_product`.
    #[must_use]
    pub fn referred_product(mut self, catalog_id: &str, product_retailer_id: &str) -> Self {
        let product = json!({"catalog_id": catalog_id, "product_retailer_id": product_retailer_id});
        self.object["context"]["referred_product"] = product;
        self
    }

    /// Came from a click-to-WhatsApp ad.
    #[must_use]
    pub fn referral(mut self, referral: Referral) -> Self {
        self.object["referral"] = referral.0;
        self
    }

    /// Adds one of Meta's errors to `errors[]`.
    #[must_use]
    pub fn error(mut self, error: WaError) -> Self {
        push(&mut self.object, "errors", error.0);
        self
    }

    /// Sets `timestamp` (Unix seconds, as the string Meta sends).
    #[must_use]
    pub fn timestamp(mut self, unix_seconds: i64) -> Self {
        self.object["timestamp"] = json!(unix_seconds.to_string());
        self
    }

    /// Sets `timestamp` as a JSON number, which receivers must accept too.
    #[must_use]
    pub fn timestamp_as_number(mut self, unix_seconds: i64) -> Self {
        self.object["timestamp"] = json!(unix_seconds);
        self
    }

    /// Adds the sender's business-scoped user id (`from_user_id`, and `user_id` on the contact).
    #[must_use]
    pub fn from_user_id(mut self, bsuid: &str) -> Self {
        self.object["from_user_id"] = json!(bsuid);
        self
    }

    /// Removes `from`: a user known only by a business-scoped id.
    #[must_use]
    pub fn without_from(self) -> Self {
        self.without("from")
    }

    /// The sender's profile name, sent in the change's `contacts[]`.
    #[must_use]
    pub fn profile_name(mut self, name: &str) -> Self {
        self.profile_name = Some(name.to_owned());
        self
    }

    /// The sender's username, sent in the change's `contacts[]`.
    #[must_use]
    pub fn username(mut self, username: &str) -> Self {
        self.username = Some(username.to_owned());
        self
    }

    /// Sends no `contacts[]` entry for the sender (as for system messages).
    #[must_use]
    pub fn no_contact(mut self) -> Self {
        self.with_contact = false;
        self
    }

    /// Sets any message-level field.
    #[must_use]
    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.object[key] = value;
        self
    }

    /// Removes a message-level field (`id`, `timestamp`, `from`, the kind object, ...).
    #[must_use]
    pub fn without(mut self, key: &str) -> Self {
        if let Some(object) = self.object.as_object_mut() {
            object.remove(key);
        }
        self
    }

    /// Sets a field of the kind-specific object (`caption`, `voice`, `animated`, `name`, ...).
    #[must_use]
    pub fn kind_field(mut self, key: &str, value: Value) -> Self {
        let meta_type = self.meta_type();
        match self.object.get_mut(&meta_type) {
            Some(kind_object @ Value::Object(_)) => kind_object[key] = value,
            _ => self.object[meta_type.as_str()] = json!({ key: value }),
        }
        self
    }

    /// Removes a field of the kind-specific object.
    #[must_use]
    pub fn without_kind_field(mut self, key: &str) -> Self {
        let meta_type = self.meta_type();
        if let Some(kind_object) = self
            .object
            .get_mut(&meta_type)
            .and_then(Value::as_object_mut)
        {
            kind_object.remove(key);
        }
        self
    }

    /// The message's JSON object.
    pub fn to_json(&self) -> Value {
        self.object.clone()
    }

    /// Meta's `type` of this message.
    pub(crate) fn meta_type(&self) -> String {
        self.object["type"].as_str().unwrap_or_default().to_owned()
    }

    /// The `contacts[]` entry Meta sends with this message, if any.
    pub(crate) fn contact(&self) -> Option<Value> {
        let wa_id = self.object.get("from").cloned();
        let user_id = self.object.get("from_user_id").cloned();
        if !self.with_contact || (wa_id.is_none() && user_id.is_none()) {
            return None;
        }
        let mut contact = json!({"profile": {}});
        if let Some(name) = &self.profile_name {
            contact["profile"]["name"] = json!(name);
        }
        if let Some(username) = &self.username {
            contact["profile"]["username"] = json!(username);
        }
        if let Some(wa_id) = wa_id {
            contact["wa_id"] = wa_id;
        }
        if let Some(user_id) = user_id {
            contact["user_id"] = user_id;
        }
        Some(contact)
    }
}
