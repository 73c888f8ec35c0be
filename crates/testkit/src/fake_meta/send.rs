//! `POST /{pnid}/messages`: sends (validated, throttled, recorded) and mark-as-read.

use actix_web::web;
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

use super::reply::Reply;
use super::server::{Call, Shared};
use super::state::{SentMessage, State};
use super::{validate, webhooks};

/// Accepts a message as Meta does, or answers Meta's error.
pub(crate) fn send(shared: &web::Data<Shared>, call: &Call) -> Reply {
    let phone_number_id = &call.id;
    if !shared.lock().admit(phone_number_id) {
        return Reply::meta_error(
            400,
            130_429,
            Some(2_494_055),
            "(#130429) Rate limit hit",
            Some("Cloud API message throughput has been reached."),
        );
    }
    let shape = match validate::send(&call.json) {
        Ok(shape) => shape,
        Err(invalid) => return invalid.into(),
    };
    let mut state = shared.lock();
    if shape.kind == "template"
        && shared.check_templates
        && let Err(reply) = check_template(&state, &call.json["template"])
    {
        return reply;
    }
    let wamid = format!(
        "wamid.HBgL{}{:06X}",
        Uuid::new_v4().simple().to_string().to_uppercase(),
        state.next()
    );
    let message = SentMessage {
        wamid: wamid.clone(),
        phone_number_id: phone_number_id.clone(),
        to: shape.to.clone(),
        wa_id: shape.wa_id.clone(),
        kind: shape.kind,
        body: call.json.clone(),
        callback_data: shape.callback,
        accepted_at: Instant::now(),
    };
    state.messages.push(message.clone());
    drop(state);
    if let Some(auto) = shared.auto_statuses {
        webhooks::schedule(shared.clone(), message, auto);
    }
    Reply::ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": shape.to, "wa_id": shape.wa_id}],
        "messages": [{"id": wamid, "message_status": "accepted"}],
    }))
}

/// Marks a message read: `{"success": true}`.
pub(crate) fn mark_read(call: &Call) -> Reply {
    match validate::mark_read(&call.json) {
        Ok(_) => Reply::success(),
        Err(invalid) => invalid.into(),
    }
}

/// Meta's template checks: exists in the language, approved, body parameter count.
fn check_template(state: &State, template: &Value) -> Result<(), Reply> {
    let name = template["name"].as_str().unwrap_or_default();
    let language = template["language"]["code"].as_str().unwrap_or_default();
    let found = state
        .templates
        .iter()
        .find(|t| t.name == name && t.language == language);
    let Some(found) = found else {
        return Err(Reply::meta_error(
            404,
            132_001,
            None,
            "(#132001) Template name does not exist in the translation",
            Some(&format!(
                "template name ({name}) does not exist in {language}"
            )),
        ));
    };
    match found.status.as_str() {
        "APPROVED" => {}
        "PAUSED" => {
            return Err(Reply::meta_error(
                400,
                132_015,
                None,
                "(#132015) Template is Paused",
                None,
            ));
        }
        "DISABLED" => {
            return Err(Reply::meta_error(
                400,
                132_016,
                None,
                "(#132016) Template is disabled",
                None,
            ));
        }
        _ => {
            return Err(Reply::meta_error(
                404,
                132_001,
                None,
                "(#132001) Template name does not exist in the translation",
                Some(&format!(
                    "template name ({name}) is not approved in {language}"
                )),
            ));
        }
    }
    let given = template["components"]
        .as_array()
        .and_then(|components| components.iter().find(|c| c["type"] == "body"))
        .and_then(|body| body["parameters"].as_array())
        .map_or(0, Vec::len);
    match found.body_placeholders() {
        Some(expected) if expected != given => Err(Reply::meta_error(
            400,
            132_000,
            None,
            "(#132000) Number of parameters does not match the expected number of params",
            Some(&format!(
                "body: number of localizable_params ({given}) does not match the expected number of params ({expected})"
            )),
        )),
        _ => Ok(()),
    }
}
