//! The larger send objects: `interactive` (buttons, list, CTA URL) and `template`.

use inbox_domain::outbound::{
    ButtonParameter, Frame, Interactive, InteractiveHeader, TemplateMessage, TemplateParameter,
};
use serde_json::{Value, json};

use super::body::{put, typed_media};

/// The `interactive` object.
pub(crate) fn interactive(message: &Interactive) -> Value {
    match message {
        Interactive::Buttons(buttons) => {
            let buttons_json: Vec<Value> = buttons
                .buttons()
                .iter()
                .map(|b| json!({"type": "reply", "reply": {"id": b.id, "title": b.title}}))
                .collect();
            framed("button", buttons.frame(), json!({"buttons": buttons_json}))
        }
        Interactive::List(list) => {
            let sections: Vec<Value> = list
                .sections()
                .iter()
                .map(|section| {
                    let rows: Vec<Value> = section
                        .rows
                        .iter()
                        .map(|row| {
                            let mut object = json!({"id": row.id, "title": row.title});
                            put(&mut object, "description", row.description.as_deref());
                            object
                        })
                        .collect();
                    let mut object = json!({"rows": rows});
                    put(&mut object, "title", section.title.as_deref());
                    object
                })
                .collect();
            let action = json!({"button": list.button(), "sections": sections});
            framed("list", list.frame(), action)
        }
        Interactive::CtaUrl(cta) => {
            let action = json!({"name": "cta_url", "parameters": {
                "display_text": cta.display_text(), "url": cta.url()}});
            framed("cta_url", cta.frame(), action)
        }
    }
}

fn framed(kind: &str, frame: &Frame, action: Value) -> Value {
    let mut object = json!({"type": kind, "body": {"text": frame.body}, "action": action});
    if let Some(footer) = &frame.footer {
        object["footer"] = json!({"text": footer});
    }
    match &frame.header {
        Some(InteractiveHeader::Text(text)) => {
            object["header"] = json!({"type": "text", "text": text})
        }
        Some(InteractiveHeader::Media(kind, source)) => {
            object["header"] = typed_media(*kind, source, None);
        }
        None => {}
    }
    object
}

/// The `template` object: name, language and the components that carry values.
pub(crate) fn template(message: &TemplateMessage) -> Value {
    let mut components = Vec::new();
    if let Some(header) = message.header() {
        components.push(json!({"type": "header", "parameters": [parameter(header)]}));
    }
    if !message.body().is_empty() {
        let parameters: Vec<Value> = message.body().iter().map(parameter).collect();
        components.push(json!({"type": "body", "parameters": parameters}));
    }
    for button in message.buttons() {
        let (sub_type, value) = match &button.parameter {
            ButtonParameter::QuickReply(payload) => (
                "quick_reply",
                json!({"type": "payload", "payload": payload}),
            ),
            ButtonParameter::Url(text) => ("url", json!({"type": "text", "text": text})),
            ButtonParameter::CopyCode(code) => (
                "copy_code",
                json!({"type": "coupon_code", "coupon_code": code}),
            ),
        };
        components.push(json!({"type": "button", "sub_type": sub_type,
            "index": button.index.to_string(), "parameters": [value]}));
    }
    let mut object = json!({"name": message.name().as_str(),
        "language": {"code": message.language().as_str()}});
    if !components.is_empty() {
        object["components"] = Value::Array(components);
    }
    object
}

fn parameter(parameter: &TemplateParameter) -> Value {
    let (mut object, name) = match parameter {
        TemplateParameter::Text { text, name } => (json!({"type": "text", "text": text}), name),
        TemplateParameter::Currency {
            fallback_value,
            code,
            amount_1000,
            name,
        } => (
            json!({"type": "currency", "currency": {"fallback_value": fallback_value,
                "code": code, "amount_1000": amount_1000}}),
            name,
        ),
        TemplateParameter::DateTime {
            fallback_value,
            name,
        } => (
            json!({"type": "date_time", "date_time": {"fallback_value": fallback_value}}),
            name,
        ),
        TemplateParameter::Media {
            kind,
            source,
            filename,
        } => return typed_media(*kind, source, filename.as_deref()),
    };
    put(&mut object, "parameter_name", name.as_deref());
    object
}
