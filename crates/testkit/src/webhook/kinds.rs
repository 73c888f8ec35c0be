//! One constructor per inbound message kind, with the fields Meta documents for it.

use serde_json::{Value, json};

use super::message::Msg;
use super::parts::{Card, OrderItem, WaError};

/// The SHA-256 Meta reports for media in these builders (base64, as Meta sends it).
const SHA256: &str =
    "ZTZmNzFiZjZkNDQ0ZWExNTU2YjMzYzNhYWE3MWMzODY2NmU5YjIwOGQyZTlkZjI0NzZhODhjYzk5MmE5ZjBkMg==";

fn media(id: &str, mime_type: &str) -> Value {
    json!({"id": id, "mime_type": mime_type, "sha256": SHA256})
}

impl Msg {
    /// `text`: `text.body`.
    pub fn text(from: &str, wamid: &str, body: &str) -> Self {
        Self::build(from, wamid, "text", Some(json!({"body": body})))
    }

    /// `image` (JPEG), without caption.
    pub fn image(from: &str, wamid: &str, media_id: &str) -> Self {
        Self::build(from, wamid, "image", Some(media(media_id, "image/jpeg")))
    }

    /// `video` (MP4), without caption.
    pub fn video(from: &str, wamid: &str, media_id: &str) -> Self {
        Self::build(from, wamid, "video", Some(media(media_id, "video/mp4")))
    }

    /// `audio` (Ogg Opus) sent as a file: `voice: false`.
    pub fn audio(from: &str, wamid: &str, media_id: &str) -> Self {
        let mut audio = media(media_id, "audio/ogg; codecs=opus");
        audio["voice"] = json!(false);
        Self::build(from, wamid, "audio", Some(audio))
    }

    /// `audio` recorded as a voice note: `voice: true`.
    pub fn voice(from: &str, wamid: &str, media_id: &str) -> Self {
        Self::audio(from, wamid, media_id).kind_field("voice", json!(true))
    }

    /// `document` (PDF) with its `filename`.
    pub fn document(from: &str, wamid: &str, media_id: &str, filename: &str) -> Self {
        let mut document = media(media_id, "application/pdf");
        document["filename"] = json!(filename);
        Self::build(from, wamid, "document", Some(document))
    }

    /// `sticker` (WebP), static: `animated: false`.
    pub fn sticker(from: &str, wamid: &str, media_id: &str) -> Self {
        let mut sticker = media(media_id, "image/webp");
        sticker["animated"] = json!(false);
        Self::build(from, wamid, "sticker", Some(sticker))
    }

    /// Sets `caption` on an image, video or document.
    #[must_use]
    pub fn caption(self, caption: &str) -> Self {
        self.kind_field("caption", json!(caption))
    }

    /// Sets the media `url` Meta started sending in webhooks in 2025.
    #[must_use]
    pub fn media_url(self, url: &str) -> Self {
        self.kind_field("url", json!(url))
    }

    /// Marks a sticker animated.
    #[must_use]
    pub fn animated(self) -> Self {
        self.kind_field("animated", json!(true))
    }

    /// `location` at `latitude`, `longitude` (JSON numbers), without name or address.
    pub fn location(from: &str, wamid: &str, latitude: f64, longitude: f64) -> Self {
        let location = json!({"latitude": latitude, "longitude": longitude});
        Self::build(from, wamid, "location", Some(location))
    }

    /// Sets a location's `name`, `address` and `url`.
    #[must_use]
    pub fn place(self, name: &str, address: &str, url: &str) -> Self {
        self.kind_field("name", json!(name))
            .kind_field("address", json!(address))
            .kind_field("url", json!(url))
    }

    /// `contacts`: an array of contact cards.
    pub fn contacts(from: &str, wamid: &str, cards: Vec<Card>) -> Self {
        let cards = cards.into_iter().map(|card| card.0).collect();
        Self::build(from, wamid, "contacts", Some(Value::Array(cards)))
    }

    /// `interactive` `button_reply`: a tap on one of our reply buttons.
    pub fn button_reply(from: &str, wamid: &str, id: &str, title: &str) -> Self {
        let reply = json!({"type": "button_reply", "button_reply": {"id": id, "title": title}});
        Self::build(from, wamid, "interactive", Some(reply))
    }

    /// `interactive` `list_reply`: a row picked in one of our lists.
    pub fn list_reply(
        from: &str,
        wamid: &str,
        id: &str,
        title: &str,
        description: Option<&str>,
    ) -> Self {
        let mut row = json!({"id": id, "title": title});
        if let Some(description) = description {
            row["description"] = json!(description);
        }
        let reply = json!({"type": "list_reply", "list_reply": row});
        Self::build(from, wamid, "interactive", Some(reply))
    }

    /// `interactive` `nfm_reply`: a completed Flow; `response_json` is a JSON string.
    pub fn flow_reply(from: &str, wamid: &str, body: &str, response_json: &str) -> Self {
        let reply = json!({"type": "nfm_reply", "nfm_reply": {
            "name": "flow", "body": body, "response_json": response_json}});
        Self::build(from, wamid, "interactive", Some(reply))
    }

    /// `button`: a tap on a template's quick-reply button; chain `.reply_to(template_wamid)`.
    pub fn quick_reply(from: &str, wamid: &str, payload: &str, text: &str) -> Self {
        Self::build(
            from,
            wamid,
            "button",
            Some(json!({"payload": payload, "text": text})),
        )
    }

    /// `reaction` with `emoji` on `target`.
    pub fn reaction(from: &str, wamid: &str, target: &str, emoji: &str) -> Self {
        let reaction = json!({"message_id": target, "emoji": emoji});
        Self::build(from, wamid, "reaction", Some(reaction))
    }

    /// `reaction` removed: `emoji` is `""`; chain `.without_kind_field("emoji")` for no emoji.
    pub fn reaction_removed(from: &str, wamid: &str, target: &str) -> Self {
        Self::reaction(from, wamid, target, "")
    }

    /// `order` from catalog `catalog_id` with its items.
    pub fn order(from: &str, wamid: &str, catalog_id: &str, items: Vec<OrderItem>) -> Self {
        let items: Vec<Value> = items.into_iter().map(|item| item.0).collect();
        let order = json!({"catalog_id": catalog_id, "product_items": items});
        Self::build(from, wamid, "order", Some(order))
    }

    /// Sets an order's `text`.
    #[must_use]
    pub fn order_text(self, text: &str) -> Self {
        self.kind_field("text", json!(text))
    }

    /// `system` `user_changed_number`: sent from the old number, no `contacts[]`.
    pub fn number_changed(old_wa_id: &str, wamid: &str, new_wa_id: &str) -> Self {
        let body = format!("User A changed from {old_wa_id} to {new_wa_id}");
        let system = json!({"body": body, "wa_id": new_wa_id, "type": "user_changed_number"});
        Self::build(old_wa_id, wamid, "system", Some(system)).no_contact()
    }

    /// `system` `customer_identity_changed` with the new identity hash.
    pub fn identity_changed(from: &str, wamid: &str, hash: &str) -> Self {
        let system = json!({"body": "User identity changed", "identity": hash,
            "type": "customer_identity_changed", "customer": from});
        Self::build(from, wamid, "system", Some(system)).no_contact()
    }

    /// `unsupported` of `unsupported_type` (`poll_creation`, `edit`, ...), with error 131051.
    pub fn unsupported(from: &str, wamid: &str, unsupported_type: &str) -> Self {
        let unsupported = json!({"type": unsupported_type});
        Self::build(from, wamid, "unsupported", Some(unsupported))
            .error(WaError::unsupported_type())
    }

    /// The legacy `unknown` type: no object, error 131051.
    pub fn unknown(from: &str, wamid: &str) -> Self {
        Self::build(from, wamid, "unknown", None).error(WaError::unsupported_type())
    }

    /// A message of type `meta_type` whose object Meta left out, with `error` instead.
    pub fn without_content(from: &str, wamid: &str, meta_type: &str, error: WaError) -> Self {
        Self::build(from, wamid, meta_type, None).error(error)
    }
}
