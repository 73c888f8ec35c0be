//! One status report about our outgoing messages (`statuses[]`).

use inbox_domain::inbound::{ReportedStatus, StatusReport};
use inbox_domain::{WaId, Wamid};
use serde_json::Value;

use super::common::{Rejects, errors};
use super::value::{Object, loose_str, opt_str, req_str, unix_time};

/// Reads one status; `None` (with a reject) without a usable `id`, `status` or `timestamp`.
pub(crate) fn read(raw: &Value, location: &str, rejects: &mut Rejects) -> Option<StatusReport> {
    let Some(object) = raw.as_object() else {
        rejects.push(location, "status is not an object");
        return None;
    };
    let required = req_str(object, "id")
        .and_then(|id| Wamid::parse(id).map_err(|e| e.to_string()))
        .and_then(|wamid| Ok((wamid, req_str(object, "status")?)))
        .and_then(|(wamid, status)| {
            Ok((
                wamid,
                status,
                unix_time(object.get("timestamp"), "timestamp")?,
            ))
        });
    let (wamid, status, at) = match required {
        Ok(required) => required,
        Err(reason) => {
            rejects.push(location, reason);
            return None;
        }
    };
    let (recipient, recipient_group) = recipient(object, location, rejects);
    Some(StatusReport {
        wamid,
        status: ReportedStatus::from_meta(status),
        recipient,
        recipient_bsuid: loose_str(object, "recipient_user_id"),
        recipient_group,
        at,
        errors: errors(object.get("errors"), &format!("{location}.errors"), rejects),
        conversation: raw_object(object, "conversation"),
        pricing: raw_object(object, "pricing"),
        biz_opaque_callback_data: loose_str(object, "biz_opaque_callback_data"),
    })
}

/// `recipient_id` is a customer's WhatsApp id, or a group id when `recipient_type` is `group`.
fn recipient(
    object: &Object,
    location: &str,
    rejects: &mut Rejects,
) -> (Option<WaId>, Option<String>) {
    let at = format!("{location}.recipient_id");
    let id = match opt_str(object, "recipient_id") {
        Ok(id) => id,
        Err(reason) => {
            rejects.push(&at, reason);
            return (None, None);
        }
    };
    let Some(id) = id.filter(|id| !id.is_empty()) else {
        return (None, None);
    };
    if object.get("recipient_type").and_then(Value::as_str) == Some("group") {
        return (None, Some(id.to_owned()));
    }
    match WaId::parse(id) {
        Ok(wa_id) => (Some(wa_id), None),
        Err(e) => {
            rejects.push(&at, format!("{e}; status kept without its recipient"));
            (None, None)
        }
    }
}

fn raw_object(object: &Object, key: &str) -> Option<Value> {
    object.get(key).filter(|value| !value.is_null()).cloned()
}
