//! The outer shape of a delivery (`object`, `entry[]`, `changes[]`), routed by each change's `field`.

use inbox_domain::WabaId;
use inbox_domain::inbound::{OtherChange, WebhookBatch};
use serde::Deserialize;
use serde_json::Value;
use serde_json::error::Category;
use time::OffsetDateTime;

use super::common::Rejects;
use super::error::{ParseError, describe_object, redact};
use super::value::{Object, id_text, unix_time};
use super::{change, templates};

/// The only `object` a WhatsApp webhook carries.
const OBJECT: &str = "whatsapp_business_account";

#[derive(Deserialize)]
struct Envelope {
    object: String,
    entry: Vec<Value>,
}

/// What every change of one entry shares.
pub(crate) struct EntryInfo {
    /// `entry[].id`, when it is a valid WABA id.
    pub(crate) waba_id: Option<WabaId>,
    /// `entry[].time`, when present.
    pub(crate) at: Option<OffsetDateTime>,
}

pub(crate) fn parse(body: &[u8]) -> Result<WebhookBatch, ParseError> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Data => ParseError::Envelope(redact(&e.to_string())),
        Category::Syntax | Category::Eof | Category::Io => ParseError::Json(redact(&e.to_string())),
    })?;
    if envelope.object != OBJECT {
        return Err(ParseError::WrongObject(describe_object(&envelope.object)));
    }
    let mut batch = WebhookBatch::default();
    let mut rejects = Rejects::default();
    for (i, entry) in envelope.entry.into_iter().enumerate() {
        read_entry(entry, &format!("entry[{i}]"), &mut batch, &mut rejects);
    }
    batch.rejects = rejects.into_vec();
    Ok(batch)
}

fn read_entry(entry: Value, location: &str, batch: &mut WebhookBatch, rejects: &mut Rejects) {
    let Value::Object(mut entry) = entry else {
        rejects.push(location, "entry is not an object");
        return;
    };
    let info = entry_info(&entry, location, rejects);
    let Some(Value::Array(changes)) = entry.remove("changes") else {
        rejects.push(location, "`changes` is missing or not an array");
        return;
    };
    for (j, raw) in changes.into_iter().enumerate() {
        let location = format!("{location}.changes[{j}]");
        let Value::Object(mut raw) = raw else {
            rejects.push(&location, "change is not an object");
            continue;
        };
        let Some(Value::String(field)) = raw.remove("field") else {
            rejects.push(&location, "`field` is missing or not a string");
            continue;
        };
        let value = raw.remove("value").unwrap_or(Value::Null);
        let location = format!("{location}.value");
        match field.as_str() {
            "messages" => {
                if let Some(change) = change::read(&info, value, &location, rejects) {
                    batch.changes.push(change);
                }
            }
            "message_template_status_update" => {
                if let Some(update) = templates::read(&info, value, &location, rejects) {
                    batch.template_updates.push(update);
                }
            }
            _ => batch.other.push(OtherChange {
                waba_id: info.waba_id.clone(),
                field,
                at: info.at,
                value,
            }),
        }
    }
}

fn entry_info(entry: &Object, location: &str, rejects: &mut Rejects) -> EntryInfo {
    let waba_id = match entry.get("id") {
        None | Some(Value::Null) => None,
        Some(raw) => match id_text(raw).as_deref().map(WabaId::parse) {
            Some(Ok(id)) => Some(id),
            Some(Err(e)) => {
                rejects.push(&format!("{location}.id"), e.to_string());
                None
            }
            None => {
                rejects.push(&format!("{location}.id"), "`id` is not a string");
                None
            }
        },
    };
    let at = match entry.get("time") {
        None | Some(Value::Null) => None,
        Some(raw) => match unix_time(Some(raw), "time") {
            Ok(at) => Some(at),
            Err(reason) => {
                rejects.push(&format!("{location}.time"), reason);
                None
            }
        },
    };
    EntryInfo { waba_id, at }
}
