//! Pieces that go inside messages and statuses: Meta errors, contact cards, order items, ads.

use serde_json::{Value, json};

/// Meta's error object: `{code, title, message, error_data: {details}}`.
#[derive(Debug, Clone)]
pub struct WaError(pub(crate) Value);

impl WaError {
    /// An error with `code` and `title` (also used as `message`, as Meta does).
    pub fn new(code: i64, title: &str) -> Self {
        Self(json!({"code": code, "title": title, "message": title}))
    }

    /// Sets `error_data.details`.
    #[must_use]
    pub fn details(mut self, details: &str) -> Self {
        self.0["error_data"] = json!({"details": details});
        self
    }

    /// Sets `message` apart from the title.
    #[must_use]
    pub fn message(mut self, message: &str) -> Self {
        self.0["message"] = json!(message);
        self
    }

    /// `131051`: the message type is not supported (inside `unsupported` messages).
    pub fn unsupported_type() -> Self {
        Self::new(131_051, "Message type unknown")
            .details("Message type is currently not supported.")
    }

    /// `131026`: the message could not be delivered (not on WhatsApp, old app, ...).
    pub fn undeliverable() -> Self {
        Self::new(131_026, "Message undeliverable").details("Message Undeliverable.")
    }

    /// `131047`: more than 24 hours since the customer last wrote.
    pub fn re_engagement() -> Self {
        Self::new(131_047, "Re-engagement message").details(
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        )
    }

    /// The JSON object.
    pub fn to_json(&self) -> Value {
        self.0.clone()
    }
}

/// One card of a `contacts` message.
#[derive(Debug, Clone)]
pub struct Card(pub(crate) Value);

impl Card {
    /// A card with `name.formatted_name` (and `first_name`, its first word).
    pub fn new(formatted_name: &str) -> Self {
        let first = formatted_name
            .split_whitespace()
            .next()
            .unwrap_or(formatted_name);
        Self(json!({"name": {"formatted_name": formatted_name, "first_name": first}}))
    }

    /// Adds a phone, with its WhatsApp id when the number is on WhatsApp.
    #[must_use]
    pub fn phone(mut self, phone: &str, wa_id: Option<&str>) -> Self {
        let mut entry = json!({"phone": phone, "type": "CELL"});
        if let Some(wa_id) = wa_id {
            entry["wa_id"] = json!(wa_id);
        }
        push(&mut self.0, "phones", entry);
        self
    }

    /// Adds an email address.
    #[must_use]
    pub fn email(mut self, email: &str) -> Self {
        push(
            &mut self.0,
            "emails",
            json!({"email": email, "type": "WORK"}),
        );
        self
    }

    /// Sets the organisation.
    #[must_use]
    pub fn org(mut self, company: &str) -> Self {
        self.0["org"] = json!({"company": company});
        self
    }

    /// Sets the birthday (`YYYY-MM-DD`).
    #[must_use]
    pub fn birthday(mut self, date: &str) -> Self {
        self.0["birthday"] = json!(date);
        self
    }
}

/// One line of an `order` message.
#[derive(Debug, Clone)]
pub struct OrderItem(pub(crate) Value);

impl OrderItem {
    /// `quantity` of product `product_retailer_id` at `item_price` in `currency`.
    pub fn new(product_retailer_id: &str, quantity: u32, item_price: f64, currency: &str) -> Self {
        Self(json!({
            "product_retailer_id": product_retailer_id,
            "quantity": quantity,
            "item_price": item_price,
            "currency": currency,
        }))
    }
}

/// The `referral` of a message that came from a click-to-WhatsApp ad.
#[derive(Debug, Clone)]
pub struct Referral(pub(crate) Value);

impl Referral {
    /// An image ad with its headline and body.
    pub fn ad(source_id: &str, headline: &str, body: &str) -> Self {
        Self(json!({
            "source_url": format!("https://fb.me/{source_id}"),
            "source_id": source_id,
            "source_type": "ad",
            "headline": headline,
            "body": body,
            "media_type": "image",
            "image_url": "https://scontent.xx.fbcdn.net/ad.jpg",
            "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-ZABDLMNDBH0CD3qpjd0HR",
        }))
    }

    /// Adds the welcome message text shown with the ad.
    #[must_use]
    pub fn welcome(mut self, text: &str) -> Self {
        self.0["welcome_message"] = json!({"text": text});
        self
    }
}

/// Appends `item` to the array at `key`, creating it.
pub(crate) fn push(object: &mut Value, key: &str, item: Value) {
    match object.get_mut(key).and_then(Value::as_array_mut) {
        Some(items) => items.push(item),
        None => object[key] = Value::Array(vec![item]),
    }
}
