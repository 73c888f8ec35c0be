//! A `message_template_status_update` change: a template approved, rejected, paused, ...

use inbox_domain::inbound::{TemplateEvent, TemplateStatusUpdate};
use serde::Deserialize;
use serde_json::Value;

use super::common::Rejects;
use super::envelope::EntryInfo;
use super::value::{decode, int};

#[derive(Deserialize)]
struct Wire {
    event: String,
    message_template_id: Value,
    message_template_name: String,
    message_template_language: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    message_template_category: Option<String>,
}

/// Reads a template status update; `None` (with a reject) when a required field is unusable.
pub(crate) fn read(
    info: &EntryInfo,
    value: Value,
    location: &str,
    rejects: &mut Rejects,
) -> Option<TemplateStatusUpdate> {
    let wire = decode::<Wire>(&value).and_then(|wire| {
        let id = int(&wire.message_template_id).ok_or("`message_template_id` is not an integer")?;
        Ok((wire, id))
    });
    let (wire, template_id) = match wire {
        Ok(read) => read,
        Err(reason) => {
            rejects.push(location, reason);
            return None;
        }
    };
    Some(TemplateStatusUpdate {
        waba_id: info.waba_id.clone(),
        template_id,
        name: wire.message_template_name,
        language: wire.message_template_language,
        event: TemplateEvent::from_meta(&wire.event),
        reason: wire.reason,
        category: wire.message_template_category,
        at: info.at,
        raw: value,
    })
}
