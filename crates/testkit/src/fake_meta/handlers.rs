//! Route handlers: which one answers a call, and the business profile routes.

use actix_web::web;
use serde_json::{Value, json};

use super::faults::FakeRoute;
use super::reply::{Invalid, Reply};
use super::server::{Call, Shared};
use super::validate::optional;
use super::{media, send, templates};

/// Answers an authorised call.
pub(crate) fn handle(shared: &web::Data<Shared>, call: &Call) -> Reply {
    match call.route {
        FakeRoute::SendMessage => send::send(shared, call),
        FakeRoute::MarkRead => send::mark_read(call),
        FakeRoute::UploadMedia => media::upload(shared, call),
        FakeRoute::MediaInfo => media::info(shared, call),
        FakeRoute::DeleteMedia => media::delete(shared, call),
        FakeRoute::DownloadMedia => media::download(shared, call),
        FakeRoute::ListTemplates => templates::list(shared, call),
        FakeRoute::CreateTemplate => templates::create(shared, call),
        FakeRoute::DeleteTemplate => templates::delete(shared, call),
        FakeRoute::GetProfile => get_profile(shared, call),
        FakeRoute::UpdateProfile => update_profile(shared, call),
        FakeRoute::Unknown => Reply::meta_error(400, 2500, None, "Unknown path components", None),
    }
}

/// `GET /{pnid}/whatsapp_business_profile?fields=…` → `{"data": [{…}]}`.
fn get_profile(shared: &Shared, call: &Call) -> Reply {
    let mut state = shared.lock();
    let profile = state.profile(&call.id).clone();
    let selected = match call.query.get("fields") {
        None => profile,
        Some(fields) => {
            let mut out = json!({"messaging_product": "whatsapp"});
            for field in fields.split(',').map(str::trim) {
                if let Some(value) = profile.get(field) {
                    out[field] = value.clone();
                }
            }
            out
        }
    };
    Reply::ok(json!({"data": [selected]}))
}

/// `POST /{pnid}/whatsapp_business_profile` with Meta's limits.
fn update_profile(shared: &Shared, call: &Call) -> Reply {
    let body = &call.json;
    if body["messaging_product"] != "whatsapp" {
        return Invalid::required("messaging_product").into();
    }
    let checks = [
        ("about", 139),
        ("address", 256),
        ("description", 512),
        ("email", 128),
        ("vertical", 64),
        ("profile_picture_handle", 4096),
    ];
    for (field, max) in checks {
        if let Err(invalid) = optional(&body[field], field, max) {
            return invalid.into();
        }
    }
    if let Some(websites) = body.get("websites") {
        let ok = websites.as_array().is_some_and(|sites| {
            sites.len() <= 2
                && sites
                    .iter()
                    .all(|s| s.as_str().is_some_and(|s| s.len() <= 256))
        });
        if !ok {
            return Invalid::new("Param websites must be at most 2 URLs").into();
        }
    }
    let mut state = shared.lock();
    let profile = state.profile(&call.id);
    if let Some(fields) = body.as_object() {
        for (key, value) in fields {
            if key != "messaging_product" && key != "profile_picture_handle" {
                profile[key.as_str()] = value.clone();
            }
        }
    }
    if body.get("profile_picture_handle").is_some() {
        profile["profile_picture_url"] = Value::from("https://pps.whatsapp.net/fake.jpg");
    }
    Reply::success()
}
