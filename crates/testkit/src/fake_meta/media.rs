//! Media routes: multipart upload, metadata with a short-lived URL, download, delete.

use inbox_domain::outbound::MediaKind;
use rand::Rng;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Instant;

use super::reply::{Invalid, Reply};
use super::server::{Call, Shared};
use super::state::{IssuedUrl, StoredMedia};

/// The MIME types Meta accepts (`docs/whatsapp-cloud-api.md` §8).
pub(crate) const ALLOWED_TYPES: &[&str] = &[
    "audio/aac",
    "audio/amr",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "image/jpeg",
    "image/png",
    "image/webp",
    "video/mp4",
    "video/3gpp",
    "text/plain",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

fn missing(id: &str) -> Reply {
    Invalid::new(format!(
        "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to \
         missing permissions, or does not support this operation."
    ))
    .subcode(33)
    .into()
}

/// A Meta-looking numeric media id.
pub(crate) fn new_media_id() -> String {
    rand::rng()
        .random_range(1_000_000_000_000_000_u64..10_000_000_000_000_000)
        .to_string()
}

/// Stores a file for `phone_number_id` and returns its id.
pub(crate) fn store(shared: &Shared, phone_number_id: &str, bytes: Vec<u8>, mime: &str) -> String {
    let id = new_media_id();
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let media = StoredMedia {
        phone_number_id: phone_number_id.to_owned(),
        bytes,
        mime_type: mime.to_owned(),
        sha256,
    };
    shared.lock().media.insert(id.clone(), media);
    id
}

/// `POST /{pnid}/media`, multipart `messaging_product`, `type`, `file` → `{"id"}`.
pub(crate) fn upload(shared: &Shared, call: &Call) -> Reply {
    let part = |name: &str| call.parts.iter().find(|p| p.name == name);
    if part("messaging_product").is_none_or(|p| p.data != b"whatsapp") {
        return Invalid::required("messaging_product").into();
    }
    let Some(file) = part("file") else {
        return Invalid::required("file").into();
    };
    let declared = part("type")
        .map(|p| String::from_utf8_lossy(&p.data).into_owned())
        .or_else(|| file.content_type.clone());
    let Some(mime) = declared else {
        return Invalid::required("type").into();
    };
    let base = mime
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !ALLOWED_TYPES.contains(&base.as_str()) {
        return Invalid::new(format!(
            "Param file must be a file with one of the following types: {}. Received file of type '{mime}'.",
            ALLOWED_TYPES.join(", ")
        ))
        .into();
    }
    let kind = MediaKind::of_mime(&base);
    if file.data.len() as u64 > kind.max_bytes() {
        return Reply::meta_error(
            400,
            131_053,
            None,
            "(#131053) Media upload error",
            Some(&format!("{} file size exceeds the limit", kind.as_str())),
        );
    }
    let id = store(shared, &call.id, file.data.clone(), &base);
    Reply::ok(json!({"id": id}))
}

/// `GET /{media_id}[?phone_number_id=…]` → `{url, mime_type, sha256, file_size, id, messaging_product}`.
pub(crate) fn info(shared: &Shared, call: &Call) -> Reply {
    let mut state = shared.lock();
    let Some(media) = state.media.get(&call.id).cloned() else {
        return missing(&call.id);
    };
    if call
        .query
        .get("phone_number_id")
        .is_some_and(|owner| *owner != media.phone_number_id)
    {
        return missing(&call.id);
    }
    let hash = uuid::Uuid::new_v4().simple().to_string();
    let expires_at = Instant::now() + state.media_url_ttl;
    state.urls.insert(
        hash.clone(),
        IssuedUrl {
            media_id: call.id.clone(),
            expires_at,
        },
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let url = format!(
        "{}/whatsapp_business/attachments/?mid={}&ext={now}&hash={hash}",
        shared.base_url, call.id
    );
    Reply::ok(json!({
        "messaging_product": "whatsapp",
        "url": url,
        "mime_type": media.mime_type,
        "sha256": media.sha256,
        "file_size": media.bytes.len().to_string(),
        "id": call.id,
    }))
}

/// The download URL: the file while the URL is fresh, else `404`.
pub(crate) fn download(shared: &Shared, call: &Call) -> Reply {
    let state = shared.lock();
    let issued = call.query.get("hash").and_then(|hash| state.urls.get(hash));
    let fresh = issued.filter(|url| {
        url.expires_at > Instant::now() && call.query.get("mid") == Some(&url.media_id)
    });
    match fresh.and_then(|url| state.media.get(&url.media_id)) {
        Some(media) => Reply::bytes(&media.mime_type, media.bytes.clone()),
        None => Reply::text(404, "Not Found"),
    }
}

/// `DELETE /{media_id}` → `{"success": true}`.
pub(crate) fn delete(shared: &Shared, call: &Call) -> Reply {
    match shared.lock().media.remove(&call.id) {
        Some(_) => Reply::success(),
        None => missing(&call.id),
    }
}
