//! The `/bucket` routes: create, list, get, delete.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use super::error::StorageError;
use super::routes::{Shared, authorize, gate};
use super::state::{Bucket, StorageRoute};

/// A bucket as `GET /bucket` describes it.
pub(crate) fn describe(bucket: &Bucket) -> Value {
    let at = bucket.created_at.format(&Rfc3339).unwrap_or_default();
    json!({
        "id": bucket.id,
        "name": bucket.id,
        "owner": "",
        "public": bucket.public,
        "file_size_limit": bucket.file_size_limit,
        "allowed_mime_types": bucket.allowed_mime_types,
        "created_at": at,
        "updated_at": at,
    })
}

async fn guard(req: &HttpRequest, shared: &Shared) -> Option<HttpResponse> {
    if let Err(refusal) = authorize(req, shared) {
        return Some(*refusal);
    }
    gate(shared, StorageRoute::Bucket)
        .await
        .err()
        .map(StorageError::into_response)
}

#[derive(Deserialize)]
pub(crate) struct CreateBody {
    id: Option<String>,
    name: String,
    #[serde(default)]
    public: bool,
    file_size_limit: Option<u64>,
    allowed_mime_types: Option<Vec<String>>,
}

/// `POST /bucket` `{"name", "id"?, "public", "file_size_limit", "allowed_mime_types"}` → `{"name"}`.
pub(crate) async fn create(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    if let Some(answer) = guard(&req, &shared).await {
        return answer;
    }
    let Ok(body) = serde_json::from_slice::<CreateBody>(&body) else {
        return StorageError::invalid("body must have required property 'name'").into_response();
    };
    let id = body.id.unwrap_or_else(|| body.name.clone());
    let mut state = shared.lock();
    if state.buckets.contains_key(&id) {
        return StorageError::new(409, "Duplicate", "The resource already exists").into_response();
    }
    let bucket = Bucket {
        id: id.clone(),
        public: body.public,
        file_size_limit: body.file_size_limit,
        allowed_mime_types: body.allowed_mime_types,
        created_at: state.now(),
    };
    state.buckets.insert(id.clone(), bucket);
    HttpResponse::Ok().json(json!({"name": id}))
}

/// `GET /bucket`: every bucket.
pub(crate) async fn list(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(answer) = guard(&req, &shared).await {
        return answer;
    }
    let buckets: Vec<Value> = shared.lock().buckets.values().map(describe).collect();
    HttpResponse::Ok().json(buckets)
}

/// `GET /bucket/{id}`.
pub(crate) async fn get(
    req: HttpRequest,
    id: web::Path<String>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    if let Some(answer) = guard(&req, &shared).await {
        return answer;
    }
    match shared.lock().buckets.get(id.as_str()) {
        Some(bucket) => HttpResponse::Ok().json(describe(bucket)),
        None => StorageError::bucket_not_found().into_response(),
    }
}

/// `DELETE /bucket/{id}`: only an empty bucket.
pub(crate) async fn delete(
    req: HttpRequest,
    id: web::Path<String>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    if let Some(answer) = guard(&req, &shared).await {
        return answer;
    }
    let mut state = shared.lock();
    if !state.buckets.contains_key(id.as_str()) {
        return StorageError::bucket_not_found().into_response();
    }
    if state
        .objects
        .keys()
        .any(|(bucket, _)| bucket == id.as_str())
    {
        return StorageError::new(
            409,
            "InvalidRequest",
            "The bucket you tried to delete is not empty",
        )
        .into_response();
    }
    state.buckets.remove(id.as_str());
    HttpResponse::Ok().json(json!({"message": "Successfully deleted"}))
}
