//! Meta's checks of a send body: envelope, recipient, and the object of each simple type.

use serde_json::Value;

use super::reply::Invalid;
use super::validate_rich::{interactive, template};

/// A check's outcome: the value, or Meta's `100` answer.
pub(crate) type Checked<T> = Result<T, Invalid>;

/// What the fake needs from a valid send body.
#[derive(Debug)]
pub(crate) struct SendShape {
    pub(crate) to: String,
    pub(crate) wa_id: String,
    pub(crate) kind: String,
    pub(crate) callback: Option<String>,
}

const KINDS: &str = "text, image, audio, video, document, sticker, location, contacts, \
                     interactive, template, reaction";

/// Checks a `POST /messages` body that is not a mark-as-read.
pub(crate) fn send(body: &Value) -> Checked<SendShape> {
    match body.get("messaging_product") {
        None => return Err(Invalid::required("messaging_product")),
        Some(product) if product != "whatsapp" => {
            return Err(Invalid::new("Param messaging_product must be whatsapp"));
        }
        Some(_) => {}
    }
    if let Some(kind) = body.get("recipient_type")
        && kind != "individual"
        && kind != "group"
    {
        return Err(Invalid::new(
            "Param recipient_type must be individual or group",
        ));
    }
    let to = string(&body["to"], "to")?;
    let wa_id = to.strip_prefix('+').unwrap_or(to);
    if !(5..=20).contains(&wa_id.len()) || !wa_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new("Param to must be a valid phone number"));
    }
    // Meta's default type is text.
    let kind = match body.get("type") {
        None => "text",
        Some(kind) => kind
            .as_str()
            .ok_or_else(|| Invalid::new("Param type must be a string"))?,
    };
    let content = &body[kind];
    if content.is_null() {
        return Err(Invalid::required(kind));
    }
    match kind {
        "text" => text(content)?,
        "image" | "audio" | "video" | "document" | "sticker" => media(kind, content)?,
        "location" => location(content)?,
        "contacts" => contacts(content)?,
        "reaction" => reaction(content)?,
        "interactive" => interactive(content)?,
        "template" => template(content)?,
        _ => {
            return Err(Invalid::new(format!(
                "Param type must be one of {{{KINDS}}}"
            )));
        }
    }
    if let Some(context) = body.get("context") {
        string(&context["message_id"], "context['message_id']")?;
        if kind == "reaction" {
            return Err(Invalid::new(
                "Param context is not valid for reaction messages",
            ));
        }
    }
    let callback = match body.get("biz_opaque_callback_data") {
        None => None,
        Some(data) => Some(bounded(data, "biz_opaque_callback_data", 0, 512)?.to_owned()),
    };
    Ok(SendShape {
        to: to.to_owned(),
        wa_id: wa_id.to_owned(),
        kind: kind.to_owned(),
        callback,
    })
}

/// Checks a mark-as-read body; returns the wamid.
pub(crate) fn mark_read(body: &Value) -> Checked<String> {
    if body["messaging_product"] != "whatsapp" {
        return Err(Invalid::required("messaging_product"));
    }
    if let Some(indicator) = body.get("typing_indicator")
        && indicator["type"] != "text"
    {
        return Err(Invalid::new("Param typing_indicator['type'] must be text"));
    }
    Ok(string(&body["message_id"], "message_id")?.to_owned())
}

/// A required string.
pub(crate) fn string<'a>(value: &'a Value, name: &str) -> Checked<&'a str> {
    match value {
        Value::Null => Err(Invalid::required(name)),
        Value::String(s) => Ok(s),
        _ => Err(Invalid::new(format!("Param {name} must be a string"))),
    }
}

/// A required string of `min` to `max` characters.
pub(crate) fn bounded<'a>(
    value: &'a Value,
    name: &str,
    min: usize,
    max: usize,
) -> Checked<&'a str> {
    let text = string(value, name)?;
    let length = text.chars().count();
    if length < min {
        return Err(Invalid::new(format!(
            "Param {name} must be at least {min} characters long"
        )));
    }
    if length > max {
        return Err(Invalid::new(format!(
            "Param {name} must be at most {max} characters long"
        )));
    }
    Ok(text)
}

/// An optional string of at most `max` characters.
pub(crate) fn optional(value: &Value, name: &str, max: usize) -> Checked<()> {
    if !value.is_null() {
        bounded(value, name, 0, max)?;
    }
    Ok(())
}

/// A required array of `min` to `max` items.
pub(crate) fn array<'a>(
    value: &'a Value,
    name: &str,
    min: usize,
    max: usize,
) -> Checked<&'a [Value]> {
    let items = match value {
        Value::Null => return Err(Invalid::required(name)),
        Value::Array(items) => items,
        _ => return Err(Invalid::new(format!("Param {name} must be an array"))),
    };
    if !(min..=max).contains(&items.len()) {
        return Err(Invalid::new(format!(
            "Param {name} must have {min} to {max} elements"
        )));
    }
    Ok(items)
}

/// `{"id"}` or `{"link"}` (exactly one; links are http(s)).
pub(crate) fn media_source(object: &Value, name: &str) -> Checked<()> {
    match (object.get("id"), object.get("link")) {
        (Some(id), None) => string(id, &format!("{name}['id']")).map(|_| ()),
        (None, Some(link)) => {
            let link = string(link, &format!("{name}['link']"))?;
            if link.starts_with("https://") || link.starts_with("http://") {
                Ok(())
            } else {
                Err(Invalid::new(format!(
                    "Param {name}['link'] must be a valid URL"
                )))
            }
        }
        (Some(_), Some(_)) => Err(Invalid::new(format!(
            "Param {name} must have either id or link, not both"
        ))),
        (None, None) => Err(Invalid::required(&format!(
            "{name}['id'] or {name}['link']"
        ))),
    }
}

fn text(content: &Value) -> Checked<()> {
    bounded(&content["body"], "text['body']", 1, 4096)?;
    if content.get("preview_url").is_some_and(|p| !p.is_boolean()) {
        return Err(Invalid::new("Param text['preview_url'] must be a boolean"));
    }
    Ok(())
}

fn media(kind: &str, content: &Value) -> Checked<()> {
    media_source(content, kind)?;
    if content.get("caption").is_some() {
        if !matches!(kind, "image" | "video" | "document") {
            return Err(Invalid::new(format!(
                "Param {kind}['caption'] is not valid for {kind}"
            )));
        }
        bounded(&content["caption"], &format!("{kind}['caption']"), 0, 1024)?;
    }
    if content.get("filename").is_some() && kind != "document" {
        return Err(Invalid::new(format!(
            "Param {kind}['filename'] is not valid for {kind}"
        )));
    }
    Ok(())
}

fn location(content: &Value) -> Checked<()> {
    for (name, limit) in [("latitude", 90.0), ("longitude", 180.0)] {
        let value = content[name]
            .as_f64()
            .ok_or_else(|| Invalid::required(&format!("location['{name}']")))?;
        if !(-limit..=limit).contains(&value) {
            return Err(Invalid::new(format!(
                "Param location['{name}'] is out of range"
            )));
        }
    }
    optional(&content["name"], "location['name']", 1000)?;
    optional(&content["address"], "location['address']", 1000)
}

fn contacts(content: &Value) -> Checked<()> {
    for card in array(content, "contacts", 1, 257)? {
        bounded(
            &card["name"]["formatted_name"],
            "contacts['name']['formatted_name']",
            1,
            1024,
        )?;
        if let Some(phones) = card.get("phones") {
            for phone in array(phones, "contacts['phones']", 0, 20)? {
                string(&phone["phone"], "contacts['phones']['phone']")?;
            }
        }
    }
    Ok(())
}

fn reaction(content: &Value) -> Checked<()> {
    string(&content["message_id"], "reaction['message_id']")?;
    // `""` removes a reaction; Meta wants the key present.
    string(&content["emoji"], "reaction['emoji']").map(|_| ())
}
