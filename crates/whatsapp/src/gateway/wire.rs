//! Meta's success answers read into domain values; an unusable answer is a classified error.

use inbox_domain::outbound::{
    BusinessProfile, CallKind, CreatedTemplate, GatewayError, GraphFailure, MediaId, MediaInfo,
    MediaUrl, SendReceipt, TemplatePage, TemplateState, TemplateSummary,
};
use inbox_domain::{WaId, Wamid};
use serde_json::Value;

use super::call::after_sent;

/// An answer we cannot use. For a send Meta has accepted the message (it answered 2xx), so
/// the outcome is ambiguous; for anything else it is permanent (repeating would read the same).
fn unreadable(call: CallKind, what: &str) -> GatewayError {
    let failure = GraphFailure {
        http_status: Some(200),
        ..GraphFailure::transport(format!("unreadable Graph API answer: {what}"))
    };
    match call {
        CallKind::Send => after_sent(call, failure),
        CallKind::Repeatable => GatewayError::permanent(failure),
    }
}

fn json(call: CallKind, body: &[u8]) -> Result<Value, GatewayError> {
    serde_json::from_slice(body).map_err(|_| unreadable(call, "not JSON"))
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{"messages": [{"id", "message_status"?}], "contacts": [{"input", "wa_id"}]}`.
pub(crate) fn send_receipt(body: &[u8]) -> Result<SendReceipt, GatewayError> {
    let value = json(CallKind::Send, body)?;
    let message = &value["messages"][0];
    let wamid = message["id"]
        .as_str()
        .and_then(|id| Wamid::parse(id).ok())
        .ok_or_else(|| unreadable(CallKind::Send, "no messages[0].id"))?;
    Ok(SendReceipt {
        wamid,
        recipient: value["contacts"][0]["wa_id"]
            .as_str()
            .and_then(|w| WaId::parse(w).ok()),
        message_status: text(&message["message_status"]),
    })
}

/// `{"success": true}`.
pub(crate) fn success(body: &[u8]) -> Result<(), GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    if value["success"].as_bool() == Some(true) {
        Ok(())
    } else {
        Err(unreadable(CallKind::Repeatable, "success is not true"))
    }
}

/// `{"id": "<media id>"}`.
pub(crate) fn media_id(body: &[u8]) -> Result<MediaId, GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    text(&value["id"])
        .and_then(|id| MediaId::parse(&id).ok())
        .ok_or_else(|| unreadable(CallKind::Repeatable, "no media id"))
}

/// `{"url", "mime_type", "sha256", "file_size" (string or number), "id"}`.
pub(crate) fn media_info(body: &[u8], asked: &MediaId) -> Result<MediaInfo, GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    let field =
        |name: &str| text(&value[name]).ok_or_else(|| unreadable(CallKind::Repeatable, name));
    let file_size = field("file_size")?
        .parse()
        .map_err(|_| unreadable(CallKind::Repeatable, "file_size"))?;
    let id = text(&value["id"])
        .and_then(|id| MediaId::parse(&id).ok())
        .unwrap_or_else(|| asked.clone());
    Ok(MediaInfo {
        id,
        url: MediaUrl::new(field("url")?),
        mime_type: field("mime_type")?,
        sha256: field("sha256")?,
        file_size,
    })
}

/// `{"data": [...], "paging": {"cursors": {"after"}, "next"?}}`; `after` only when `next` is there.
pub(crate) fn template_page(body: &[u8]) -> Result<TemplatePage, GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    let data = value["data"]
        .as_array()
        .ok_or_else(|| unreadable(CallKind::Repeatable, "no data"))?;
    let templates = data
        .iter()
        .map(|t| {
            Some(TemplateSummary {
                id: text(&t["id"])?,
                name: text(&t["name"])?,
                language: text(&t["language"])?,
                status: TemplateState::from_meta(t["status"].as_str().unwrap_or("UNKNOWN")),
                category: text(&t["category"]),
                components: t["components"].clone(),
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| {
            unreadable(
                CallKind::Repeatable,
                "template without id, name or language",
            )
        })?;
    let after = value["paging"]["next"]
        .as_str()
        .and_then(|_| text(&value["paging"]["cursors"]["after"]));
    Ok(TemplatePage { templates, after })
}

/// `{"id", "status", "category"}`.
pub(crate) fn created_template(body: &[u8]) -> Result<CreatedTemplate, GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    Ok(CreatedTemplate {
        id: text(&value["id"]).ok_or_else(|| unreadable(CallKind::Repeatable, "no id"))?,
        status: TemplateState::from_meta(value["status"].as_str().unwrap_or("PENDING")),
        category: text(&value["category"]),
    })
}

/// `{"data": [{…}]}`, the fields flat or nested under `business_profile` (both are seen).
pub(crate) fn business_profile(body: &[u8]) -> Result<BusinessProfile, GatewayError> {
    let value = json(CallKind::Repeatable, body)?;
    let first = &value["data"][0];
    if !first.is_object() {
        return Err(unreadable(CallKind::Repeatable, "no data[0]"));
    }
    let profile = if first["business_profile"].is_object() {
        &first["business_profile"]
    } else {
        first
    };
    Ok(BusinessProfile {
        about: text(&profile["about"]),
        address: text(&profile["address"]),
        description: text(&profile["description"]),
        email: text(&profile["email"]),
        profile_picture_url: text(&profile["profile_picture_url"]),
        websites: profile["websites"]
            .as_array()
            .map(|sites| sites.iter().filter_map(text).collect())
            .unwrap_or_default(),
        vertical: text(&profile["vertical"]),
    })
}
