//! Request bodies of `POST /<PHONE_NUMBER_ID>/messages`, exactly as Meta documents them.

use inbox_domain::Wamid;
use inbox_domain::outbound::{
    ContactCard, LocationContent, MediaKind, MediaSource, OutboundContent, OutboundMessage,
};
use serde_json::{Map, Value, json};

use super::body_parts::{interactive, template};

/// The send body: `messaging_product`, `recipient_type`, `to` (`+` and the number, so Meta
/// never prefixes the business's country code), `type`, the content object under its type,
/// `context.message_id` for replies and `biz_opaque_callback_data`.
pub(crate) fn send(message: &OutboundMessage) -> Value {
    let kind = message.content().kind();
    let mut body = Map::new();
    body.insert("messaging_product".into(), json!("whatsapp"));
    body.insert("recipient_type".into(), json!("individual"));
    body.insert("to".into(), json!(format!("+{}", message.to())));
    body.insert("type".into(), json!(kind));
    body.insert(kind.into(), content(message.content()));
    if let Some(quoted) = message.replying_to() {
        body.insert("context".into(), json!({"message_id": quoted.as_str()}));
    }
    if let Some(data) = message.biz_opaque_callback_data() {
        body.insert("biz_opaque_callback_data".into(), json!(data));
    }
    Value::Object(body)
}

/// The mark-as-read body.
pub(crate) fn mark_read(wamid: &Wamid) -> Value {
    json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid.as_str()})
}

fn content(content: &OutboundContent) -> Value {
    match content {
        OutboundContent::Text(text) => {
            json!({"body": text.body(), "preview_url": text.preview_url()})
        }
        OutboundContent::Media(media) => {
            let mut object = media_object(media.source());
            put(&mut object, "caption", media.caption());
            put(&mut object, "filename", media.filename());
            object
        }
        OutboundContent::Interactive(message) => interactive(message),
        OutboundContent::Template(message) => template(message),
        OutboundContent::Reaction(reaction) => json!({
            "message_id": reaction.message_id().as_str(),
            "emoji": reaction.emoji().unwrap_or(""),
        }),
        OutboundContent::Location(location) => location_object(location),
        OutboundContent::Contacts(cards) => Value::Array(cards.iter().map(card).collect()),
    }
}

/// `{"id": …}` or `{"link": …}`.
pub(crate) fn media_object(source: &MediaSource) -> Value {
    match source {
        MediaSource::Id(id) => json!({"id": id.as_str()}),
        MediaSource::Link(link) => json!({"link": link}),
    }
}

/// `{"type": "<kind>", "<kind>": {id|link[, filename]}}`, as in headers and template parameters.
pub(crate) fn typed_media(kind: MediaKind, source: &MediaSource, filename: Option<&str>) -> Value {
    let mut object = media_object(source);
    put(&mut object, "filename", filename);
    json!({"type": kind.as_str(), kind.as_str(): object})
}

fn location_object(location: &LocationContent) -> Value {
    let mut object = json!({"latitude": location.latitude(), "longitude": location.longitude()});
    put(&mut object, "name", location.name());
    put(&mut object, "address", location.address());
    object
}

fn card(card: &ContactCard) -> Value {
    let mut name = json!({"formatted_name": card.formatted_name()});
    put(&mut name, "first_name", card.first_name());
    put(&mut name, "last_name", card.last_name());
    let mut object = json!({"name": name});
    if !card.phones().is_empty() {
        let phones = card.phones().iter().map(|phone| {
            let mut entry = json!({"phone": phone.phone});
            put(&mut entry, "type", phone.label.as_deref());
            put(
                &mut entry,
                "wa_id",
                phone.wa_id.as_ref().map(|w| w.as_str()),
            );
            entry
        });
        object["phones"] = Value::Array(phones.collect());
    }
    if !card.emails().is_empty() {
        let emails = card.emails().iter().map(|email| {
            let mut entry = json!({"email": email.email});
            put(&mut entry, "type", email.label.as_deref());
            entry
        });
        object["emails"] = Value::Array(emails.collect());
    }
    if let Some(company) = card.company() {
        object["org"] = json!({"company": company});
    }
    if !card.urls().is_empty() {
        object["urls"] = card.urls().iter().map(|url| json!({"url": url})).collect();
    }
    object
}

/// Sets `key` on `object` when `value` is present.
pub(crate) fn put(object: &mut Value, key: &str, value: Option<&str>) {
    if let (Some(value), Some(map)) = (value, object.as_object_mut()) {
        map.insert(key.to_owned(), json!(value));
    }
}
