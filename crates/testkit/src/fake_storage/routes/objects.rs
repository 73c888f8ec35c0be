//! The object handlers: upload (create or replace), download (with keys or from a public
//! bucket), and delete one or many.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::entry::{describe, etag};
use super::guard::guarded;
use super::{Answer, Shared, header};
use crate::fake_storage::error::StorageError;
use crate::fake_storage::state::{State, StorageRoute, StoredObject};

/// `POST` (create; `x-upsert: true` replaces) and `PUT` (replace) `/object/{bucket}/{path}`.
pub(super) async fn upload(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    let upsert = header(&req, "x-upsert").is_some_and(|value| value == "true");
    let replace = req.method() == actix_web::http::Method::PUT;
    let content_type =
        header(&req, "content-type").unwrap_or_else(|| "application/octet-stream".to_owned());
    guarded(&req, &shared, StorageRoute::Upload, true, || {
        let mut state = shared.lock();
        let now = state.now();
        let limits = state
            .buckets
            .get(&bucket)
            .cloned()
            .ok_or_else(StorageError::bucket_not_found)?;
        let size = u64::try_from(body.len()).unwrap_or(u64::MAX);
        if size
            > limits
                .file_size_limit
                .unwrap_or(u64::MAX)
                .min(shared.max_upload_bytes)
        {
            return Err(StorageError::new(
                413,
                "Payload too large",
                "The object exceeded the maximum allowed size",
            ));
        }
        if !limits.allows(&content_type) {
            return Err(StorageError::new(
                415,
                "invalid_mime_type",
                format!("mime type {content_type} is not supported"),
            ));
        }
        let key = (bucket.clone(), name.clone());
        let existing = state.objects.get(&key).cloned();
        if existing.is_some() && !upsert && !replace {
            return Err(StorageError::new(
                409,
                "Duplicate",
                "The resource already exists",
            ));
        }
        if existing.is_none() && replace && !upsert {
            return Err(StorageError::object_not_found());
        }
        let object = StoredObject {
            id: Uuid::new_v4(),
            bytes: body.to_vec(),
            content_type: content_type.clone(),
            created_at: existing.map_or(now, |old| old.created_at),
            updated_at: now,
        };
        let id = object.id;
        state.objects.insert(key, object);
        Ok(HttpResponse::Ok().json(json!({"Id": id, "Key": format!("{bucket}/{name}")})))
    })
    .await
}

pub(super) fn serve(state: &State, bucket: &str, name: &str) -> Answer {
    if !state.buckets.contains_key(bucket) {
        return Err(StorageError::bucket_not_found());
    }
    let object = state
        .objects
        .get(&(bucket.to_owned(), name.to_owned()))
        .ok_or_else(StorageError::object_not_found)?;
    Ok(HttpResponse::Ok()
        .content_type(object.content_type.clone())
        .insert_header(("ETag", etag(object)))
        .insert_header(("Cache-Control", "max-age=3600"))
        .body(object.bytes.clone()))
}

/// `GET /object/{bucket}/{path}` (or `/object/authenticated/…`): the bytes, with the keys.
pub(super) async fn download(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    guarded(&req, &shared, StorageRoute::Download, true, || {
        serve(&shared.lock(), &bucket, &name)
    })
    .await
}

/// `GET /object/public/{bucket}/{path}`: public buckets only, no keys needed.
pub(super) async fn public_download(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    guarded(&req, &shared, StorageRoute::PublicDownload, false, || {
        let state = shared.lock();
        match state.buckets.get(&bucket) {
            Some(found) if found.public => serve(&state, &bucket, &name),
            Some(_) => Err(StorageError::object_not_found()),
            None => Err(StorageError::bucket_not_found()),
        }
    })
    .await
}

/// `DELETE /object/{bucket}/{path}`.
pub(super) async fn delete_one(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    guarded(&req, &shared, StorageRoute::Delete, true, || {
        let mut state = shared.lock();
        if !state.buckets.contains_key(&bucket) {
            return Err(StorageError::bucket_not_found());
        }
        state
            .objects
            .remove(&(bucket, name))
            .ok_or_else(StorageError::object_not_found)?;
        Ok(HttpResponse::Ok().json(json!({"message": "Successfully deleted"})))
    })
    .await
}

#[derive(Deserialize)]
struct PrefixesBody {
    prefixes: Vec<String>,
}

/// `DELETE /object/{bucket}` `{"prefixes": [names]}`: the deleted objects (missing names skipped).
pub(super) async fn delete_many(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let bucket = path.into_inner();
    guarded(&req, &shared, StorageRoute::Delete, true, || {
        let parsed: PrefixesBody = serde_json::from_slice(&body)
            .map_err(|_| StorageError::invalid("body must have required property 'prefixes'"))?;
        let mut state = shared.lock();
        if !state.buckets.contains_key(&bucket) {
            return Err(StorageError::bucket_not_found());
        }
        let deleted: Vec<Value> = parsed
            .prefixes
            .iter()
            .filter_map(|name| {
                let object = state.objects.remove(&(bucket.clone(), name.clone()))?;
                Some(describe(&bucket, name, &object))
            })
            .collect();
        Ok(HttpResponse::Ok().json(deleted))
    })
    .await
}
