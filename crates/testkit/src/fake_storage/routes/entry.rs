//! How an object is described: its ETag, and its JSON entry as `list` and batch delete give it.

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use crate::fake_storage::state::StoredObject;

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// The object's entry as `list` and batch delete describe it.
pub(super) fn describe(bucket: &str, path: &str, object: &StoredObject) -> Value {
    json!({
        "name": path,
        "bucket_id": bucket,
        "id": object.id,
        "created_at": rfc3339(object.created_at),
        "updated_at": rfc3339(object.updated_at),
        "last_accessed_at": rfc3339(object.updated_at),
        "metadata": {
            "size": object.bytes.len(),
            "mimetype": object.content_type,
            "cacheControl": "max-age=3600",
            "eTag": etag(object),
        },
    })
}

pub(super) fn etag(object: &StoredObject) -> String {
    format!("\"{}\"", object.id.simple())
}
