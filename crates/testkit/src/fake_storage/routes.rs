//! The HTTP surface under `/storage/v1`: keys, the fault gate, objects and signed URLs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::{Mutex, MutexGuard, PoisonError};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::buckets;
use super::error::StorageError;
use super::state::{Grant, RecordedRequest, State, StorageRoute, StoredObject};
use crate::fake_auth::mint_hs256;

/// What the handlers share with the test-side handle.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) service_key: String,
    pub(crate) anon_key: String,
    pub(crate) signing_secret: String,
    pub(crate) max_upload_bytes: u64,
}

impl Shared {
    /// The state, even if a panicking test poisoned the lock.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

type Answer = Result<HttpResponse, StorageError>;

/// Registers every route under `/storage/v1` (the specific `/object/<verb>/…` ones first).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/storage/v1")
            .route("/bucket", web::get().to(buckets::list))
            .route("/bucket", web::post().to(buckets::create))
            .route("/bucket/{id}", web::get().to(buckets::get))
            .route("/bucket/{id}", web::delete().to(buckets::delete))
            .route("/object/sign/{bucket}/{path:.+}", web::post().to(sign))
            .route(
                "/object/sign/{bucket}/{path:.+}",
                web::get().to(signed_download),
            )
            .route(
                "/object/public/{bucket}/{path:.+}",
                web::get().to(public_download),
            )
            .route(
                "/object/authenticated/{bucket}/{path:.+}",
                web::get().to(download),
            )
            .route("/object/list/{bucket}", web::post().to(list))
            .route("/object/{bucket}", web::delete().to(delete_many))
            .route("/object/{bucket}/{path:.+}", web::post().to(upload))
            .route("/object/{bucket}/{path:.+}", web::put().to(upload))
            .route("/object/{bucket}/{path:.+}", web::get().to(download))
            .route("/object/{bucket}/{path:.+}", web::delete().to(delete_one)),
    );
}

/// Appends every request under `/storage/v1`, with the status answered, to the log.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let query = req.query_string().to_owned();
    let response = next.call(req).await?;
    if let Some(shared) = shared.filter(|_| path.starts_with("/storage/v1")) {
        shared.lock().requests.push(RecordedRequest {
            method,
            path,
            query,
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

/// Waits and fails as scripted for `route`; `Err` is the answer to give instead.
pub(crate) async fn gate(shared: &Shared, route: StorageRoute) -> Result<(), StorageError> {
    let (wait, fault) = {
        let mut state = shared.lock();
        let wait = state.latency.sample();
        let key = [route, StorageRoute::Any]
            .into_iter()
            .find(|key| state.faults.contains_key(key));
        let fault = key.and_then(|key| {
            let fault = state.faults.get_mut(&key)?;
            let current = *fault;
            if let Some(times) = fault.times.as_mut() {
                *times = times.saturating_sub(1);
                if *times == 0 {
                    state.faults.remove(&key);
                }
            }
            Some(current)
        });
        (wait, fault)
    };
    let delay = wait + fault.and_then(|fault| fault.delay).unwrap_or_default();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fault.and_then(|fault| fault.status) {
        Some(status) => Err(StorageError::new(status, "injected", "injected failure")),
        None => Ok(()),
    }
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Checks the keys as the gateway and Storage do: a known `apikey` (else the gateway's 401), then
/// the service key as bearer (or as the `apikey` with no bearer).
pub(crate) fn authorize(req: &HttpRequest, shared: &Shared) -> Result<(), Box<HttpResponse>> {
    let apikey = header(req, "apikey");
    let gateway = |message: &str| {
        Box::new(HttpResponse::Unauthorized().json(json!({"message": message,
            "hint": "Double check your Supabase `anon` or `service_role` API key."})))
    };
    match apikey.as_deref() {
        None => return Err(gateway("No API key found in request")),
        Some(key) if key != shared.service_key && key != shared.anon_key => {
            return Err(gateway("Invalid API key"));
        }
        Some(_) => {}
    }
    let bearer = header(req, "authorization").and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    if bearer.or(apikey).as_deref() == Some(shared.service_key.as_str()) {
        return Ok(());
    }
    Err(Box::new(
        StorageError::new(
            403,
            "Unauthorized",
            "new row violates row-level security policy",
        )
        .into_response(),
    ))
}

/// Runs `answer` after the key check and the fault gate.
async fn guarded(
    req: &HttpRequest,
    shared: &Shared,
    route: StorageRoute,
    authenticated: bool,
    answer: impl FnOnce() -> Answer,
) -> HttpResponse {
    if authenticated && let Err(refusal) = authorize(req, shared) {
        return *refusal;
    }
    if let Err(error) = gate(shared, route).await {
        return error.into_response();
    }
    answer().unwrap_or_else(StorageError::into_response)
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// The object's entry as `list` and batch delete describe it.
pub(crate) fn describe(bucket: &str, path: &str, object: &StoredObject) -> Value {
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

fn etag(object: &StoredObject) -> String {
    format!("\"{}\"", object.id.simple())
}

/// `POST` (create; `x-upsert: true` replaces) and `PUT` (replace) `/object/{bucket}/{path}`.
async fn upload(
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

fn serve(state: &State, bucket: &str, name: &str) -> Answer {
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
async fn download(
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
async fn public_download(
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignBody {
    expires_in: Option<Value>,
}

/// `POST /object/sign/{bucket}/{path}` `{"expiresIn": N}` → `{"signedURL": "/object/sign/…?token=…"}`.
async fn sign(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    guarded(&req, &shared, StorageRoute::Sign, true, || {
        let parsed: SignBody = serde_json::from_slice(&body)
            .map_err(|_| StorageError::invalid("body must be an object with expiresIn"))?;
        let expires_in = parsed
            .expires_in
            .as_ref()
            .and_then(Value::as_i64)
            .filter(|n| *n >= 1)
            .ok_or_else(|| StorageError::invalid("body/expiresIn must be >= 1"))?;
        let mut state = shared.lock();
        if !state.buckets.contains_key(&bucket) {
            return Err(StorageError::bucket_not_found());
        }
        if !state.objects.contains_key(&(bucket.clone(), name.clone())) {
            return Err(StorageError::object_not_found());
        }
        let now = state.now().unix_timestamp();
        let expires_at = now + expires_in;
        let token = mint_hs256(
            shared.signing_secret.as_bytes(),
            &json!({"url": format!("{bucket}/{name}"), "iat": now, "exp": expires_at}),
        );
        state.grants.insert(
            token.clone(),
            Grant {
                bucket: bucket.clone(),
                path: name.clone(),
                expires_at,
            },
        );
        Ok(HttpResponse::Ok()
            .json(json!({"signedURL": format!("/object/sign/{bucket}/{name}?token={token}")})))
    })
    .await
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// `GET /object/sign/{bucket}/{path}?token=…`: the bytes while the token is valid, no keys needed.
async fn signed_download(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<TokenQuery>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (bucket, name) = path.into_inner();
    guarded(&req, &shared, StorageRoute::SignedDownload, false, || {
        let state = shared.lock();
        let token = query.token.as_deref().ok_or_else(|| {
            StorageError::invalid("querystring must have required property 'token'")
        })?;
        let grant = state
            .grants
            .get(token)
            .filter(|grant| grant.bucket == bucket && grant.path == name)
            .ok_or_else(|| StorageError::invalid_jwt("invalid signature"))?;
        if state.now().unix_timestamp() >= grant.expires_at {
            return Err(StorageError::invalid_jwt(
                "\"exp\" claim timestamp check failed",
            ));
        }
        serve(&state, &bucket, &name)
    })
    .await
}

/// `DELETE /object/{bucket}/{path}`.
async fn delete_one(
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
async fn delete_many(
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

#[derive(Deserialize)]
struct ListBody {
    prefix: String,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `POST /object/list/{bucket}` `{"prefix", "limit", "offset"}`: the files and folders directly
/// under `prefix`, by name (folders have a `null` id).
async fn list(
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
