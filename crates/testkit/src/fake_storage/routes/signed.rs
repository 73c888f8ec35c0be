//! Signed URLs: one issued for an object, and the object served by its token until it expires
//! on the fake's clock.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Shared;
use super::guard::guarded;
use super::objects::serve;
use crate::fake_auth::mint_hs256;
use crate::fake_storage::error::StorageError;
use crate::fake_storage::state::{Grant, StorageRoute};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignBody {
    expires_in: Option<Value>,
}

/// `POST /object/sign/{bucket}/{path}` `{"expiresIn": N}` → `{"signedURL": "/object/sign/…?token=…"}`.
pub(super) async fn sign(
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
pub(super) struct TokenQuery {
    token: Option<String>,
}

/// `GET /object/sign/{bucket}/{path}?token=…`: the bytes while the token is valid, no keys needed.
pub(super) async fn signed_download(
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
