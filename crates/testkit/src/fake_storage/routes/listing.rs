//! `POST /object/list/{bucket}`: the files and folders directly under a prefix, by name.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Shared;
use super::entry::describe;
use super::guard::guarded;
use crate::fake_storage::error::StorageError;
use crate::fake_storage::state::StorageRoute;

#[derive(Deserialize)]
struct ListBody {
    prefix: String,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `POST /object/list/{bucket}` `{"prefix", "limit", "offset"}`: the files and folders directly
/// under `prefix`, by name (folders have a `null` id).
pub(super) async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let bucket = path.into_inner();
    guarded(&req, &shared, StorageRoute::List, true, || {
        let parsed: ListBody = serde_json::from_slice(&body)
            .map_err(|_| StorageError::invalid("body must have required property 'prefix'"))?;
        let state = shared.lock();
        if !state.buckets.contains_key(&bucket) {
            return Err(StorageError::bucket_not_found());
        }
        let prefix = parsed.prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let mut entries: Vec<(String, Value)> = Vec::new();
        for ((owner, name), object) in &state.objects {
            let Some(rest) = name.strip_prefix(&prefix).filter(|_| *owner == bucket) else {
                continue;
            };
            let entry = match rest.split_once('/') {
                Some((folder, _)) => (
                    folder.to_owned(),
                    json!({"name": folder, "id": null,
                    "updated_at": null, "created_at": null, "last_accessed_at": null,
                    "metadata": null}),
                ),
                None => {
                    let mut entry = describe(&bucket, rest, object);
                    if let Some(map) = entry.as_object_mut() {
                        map.remove("bucket_id");
                    }
                    (rest.to_owned(), entry)
                }
            };
            if entries.last().is_none_or(|(last, _)| *last != entry.0) {
                entries.push(entry);
            }
        }
        let page: Vec<Value> = entries
            .into_iter()
            .skip(parsed.offset.unwrap_or(0))
            .take(parsed.limit.unwrap_or(100))
            .map(|(_, entry)| entry)
            .collect();
        Ok(HttpResponse::Ok().json(page))
    })
    .await
}
