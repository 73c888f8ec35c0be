//! Template routes of a WhatsApp Business Account: list with cursors, create, delete by name.

use actix_web::web;
use serde_json::{Value, json};

use super::reply::{Invalid, Reply};
use super::server::{Call, Shared};
use super::state::FakeTemplate;
use super::validate::{array, string};
use super::webhooks;

/// `GET /{waba}/message_templates[?name][&limit][&after]`.
pub(crate) fn list(shared: &Shared, call: &Call) -> Reply {
    let state = shared.lock();
    let matching: Vec<&FakeTemplate> = state
        .templates
        .iter()
        .filter(|t| call.query.get("name").is_none_or(|name| *name == t.name))
        .collect();
    let limit = call
        .query
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(25)
        .clamp(1, 1000);
    let start = call
        .query
        .get("after")
        .and_then(|cursor| cursor.strip_prefix("after-"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let end = (start + limit).min(matching.len());
    let page: Vec<Value> = matching
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|t| t.to_json())
        .collect();
    let mut paging =
        json!({"cursors": {"before": format!("before-{start}"), "after": format!("after-{end}")}});
    if end < matching.len() {
        paging["next"] = json!(format!(
            "{}/{}/message_templates?limit={limit}&after=after-{end}",
            shared.base_url, call.id
        ));
    }
    Reply::ok(json!({"data": page, "paging": paging}))
}

/// `POST /{waba}/message_templates` → `{id, status: PENDING, category}`.
pub(crate) fn create(shared: &web::Data<Shared>, call: &Call) -> Reply {
    let body = &call.json;
    let checked = (|| {
        let name = string(&body["name"], "name")?;
        let valid_name = name.len() <= 512
            && !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid_name {
            return Err(Invalid::new(
                "Param name must contain only lowercase letters, digits and underscores",
            ));
        }
        let language = string(&body["language"], "language")?;
        let category = string(&body["category"], "category")?.to_ascii_uppercase();
        if !["AUTHENTICATION", "MARKETING", "UTILITY"].contains(&category.as_str()) {
            return Err(Invalid::new(
                "Param category must be one of {AUTHENTICATION, MARKETING, UTILITY}",
            ));
        }
        let components = array(&body["components"], "components", 1, 10)?;
        if !components.iter().any(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("body"))
        }) {
            return Err(Invalid::new(
                "Param components must contain a BODY component",
            ));
        }
        Ok((name.to_owned(), language.to_owned(), category))
    })();
    let (name, language, category) = match checked {
        Ok(values) => values,
        Err(invalid) => return invalid.into(),
    };
    let mut state = shared.lock();
    if state
        .templates
        .iter()
        .any(|t| t.name == name && t.language == language)
    {
        return Reply::meta_error(
            400,
            100,
            Some(2_388_024),
            "Invalid parameter",
            Some(&format!(
                "Content in this language already exists: {name} ({language})"
            )),
        );
    }
    let id = (1_700_000_000_000_000_u64 + state.next()).to_string();
    state.templates.push(FakeTemplate {
        id: id.clone(),
        name,
        language,
        category: category.clone(),
        status: "PENDING".to_owned(),
        components: body["components"].clone(),
    });
    drop(state);
    if let Some(delay) = shared.approve_templates_after {
        webhooks::approve_later(shared.clone(), id.clone(), delay);
    }
    Reply::ok(json!({"id": id, "status": "PENDING", "category": category}))
}

/// `DELETE /{waba}/message_templates?name=…[&hsm_id=…]`: every language of the name.
pub(crate) fn delete(shared: &Shared, call: &Call) -> Reply {
    let Some(name) = call.query.get("name") else {
        return Invalid::required("name").into();
    };
    let hsm_id = call.query.get("hsm_id");
    let mut state = shared.lock();
    let before = state.templates.len();
    state
        .templates
        .retain(|t| !(t.name == *name && hsm_id.is_none_or(|id| *id == t.id)));
    if state.templates.len() == before {
        return Invalid::new(format!("Message template \"{name}\" not found"))
            .subcode(2_593_002)
            .into();
    }
    Reply::success()
}
