//! One `messages` change: routing by `metadata.phone_number_id`, then contacts, messages,
//! statuses and errors, each read on its own.

use inbox_domain::inbound::{Change, InboundContact};
use inbox_domain::{PhoneNumberId, WaId};
use serde_json::Value;

use super::common::{Rejects, errors};
use super::envelope::EntryInfo;
use super::value::{Object, id_text, loose_str, opt_str, take_array};
use super::{messages, statuses};

/// Reads a `messages` change; `None` (with a reject) when it cannot be routed to a number.
pub(crate) fn read(
    info: &EntryInfo,
    value: Value,
    location: &str,
    rejects: &mut Rejects,
) -> Option<Change> {
    let Value::Object(mut value) = value else {
        rejects.push(location, "`value` is missing or not an object");
        return None;
    };
    let phone_number_id = match route(&value) {
        Ok(id) => id,
        Err(reason) => {
            let lost = format!(
                "{reason}; not applied: {} message(s), {} status(es)",
                count(&value, "messages"),
                count(&value, "statuses"),
            );
            rejects.push(&format!("{location}.metadata"), lost);
            return None;
        }
    };
    let display_phone_number = value
        .get("metadata")
        .and_then(Value::as_object)
        .and_then(|metadata| loose_str(metadata, "display_phone_number"));
    let mut change = Change {
        waba_id: info.waba_id.clone(),
        phone_number_id,
        display_phone_number,
        contacts: Vec::new(),
        messages: Vec::new(),
        statuses: Vec::new(),
        errors: errors(value.get("errors"), &format!("{location}.errors"), rejects),
    };
    for (i, raw) in list(&mut value, "contacts", location, rejects) {
        let at = format!("{location}.contacts[{i}]");
        match contact(&raw) {
            Ok(contact) => change.contacts.push(contact),
            Err(reason) => rejects.push(&at, reason),
        }
    }
    for (i, raw) in list(&mut value, "messages", location, rejects) {
        let at = format!("{location}.messages[{i}]");
        change.messages.extend(messages::read(raw, &at, rejects));
    }
    for (i, raw) in list(&mut value, "statuses", location, rejects) {
        let at = format!("{location}.statuses[{i}]");
        change.statuses.extend(statuses::read(&raw, &at, rejects));
    }
    Some(change)
}

fn route(value: &Object) -> Result<PhoneNumberId, String> {
    let metadata = value
        .get("metadata")
        .and_then(Value::as_object)
        .ok_or("`metadata` is missing or not an object")?;
    let raw = metadata
        .get("phone_number_id")
        .and_then(id_text)
        .ok_or("`phone_number_id` is missing or not a string")?;
    PhoneNumberId::parse(&raw).map_err(|e| e.to_string())
}

fn count(value: &Object, key: &str) -> usize {
    value.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn list(
    value: &mut Object,
    key: &str,
    location: &str,
    rejects: &mut Rejects,
) -> impl Iterator<Item = (usize, Value)> + use<> {
    let items = take_array(value, key).unwrap_or_else(|reason| {
        rejects.push(&format!("{location}.{key}"), reason);
        Vec::new()
    });
    items.into_iter().enumerate()
}

fn contact(raw: &Value) -> Result<InboundContact, String> {
    let object = raw.as_object().ok_or("contact is not an object")?;
    let wa_id = opt_str(object, "wa_id")?
        .map(WaId::parse)
        .transpose()
        .map_err(|e| e.to_string())?;
    let bsuid = loose_str(object, "user_id");
    if wa_id.is_none() && bsuid.is_none() {
        return Err("contact has neither `wa_id` nor `user_id`".to_owned());
    }
    let profile = object.get("profile").and_then(Value::as_object);
    Ok(InboundContact {
        wa_id,
        bsuid,
        profile_name: profile.and_then(|p| loose_str(p, "name")),
        username: profile.and_then(|p| loose_str(p, "username")),
    })
}
