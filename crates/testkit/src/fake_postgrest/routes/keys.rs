//! What every call passes first: the keys (as Supabase's gateway and PostgREST check them, with
//! the claims they carry) and the schema a profile header names.

use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use serde_json::{Value, json};

use crate::fake_postgrest::error::ApiError;
use crate::fake_postgrest::plan::SCHEMA;
use crate::fake_postgrest::request::header;
use crate::fake_postgrest::shared::Shared;

/// The gateway's refusal body for a missing or unknown `apikey`.
fn gateway(message: &str, hint: &str) -> HttpResponse {
    HttpResponse::Unauthorized().json(json!({"message": message, "hint": hint}))
}

/// Checks the keys: a known `apikey`, then the service key as bearer (or as the `apikey` with no
/// bearer). Returns the claims PostgREST would put in `request.jwt.claims`.
pub(super) fn authorize(req: &HttpRequest, shared: &Shared) -> Result<String, Box<HttpResponse>> {
    let apikey = header(req, "apikey");
    match apikey.as_deref() {
        None => {
            return Err(Box::new(gateway(
                "No API key found in request",
                "No `apikey` request header or url param was found.",
            )));
        }
        Some(key) if key != shared.service_key && key != shared.anon_key => {
            return Err(Box::new(gateway(
                "Invalid API key",
                "Double check your Supabase `anon` or `service_role` API key.",
            )));
        }
        Some(_) => {}
    }
    let bearer = header(req, "authorization").and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    let token = bearer.or(apikey).unwrap_or_default();
    if token == shared.service_key {
        return Ok(claims(&token));
    }
    if token == shared.anon_key {
        return Err(Box::new(
            ApiError::new(401, "42501", "permission denied for schema public").into_response(),
        ));
    }
    Err(Box::new(
        ApiError::new(401, "PGRST301", "JWSError JWSInvalidSignature").into_response(),
    ))
}

/// The JWT's payload, or `{"role": "service_role"}` for a key that is not a JWT.
fn claims(token: &str) -> String {
    token
        .split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .unwrap_or_else(|| json!({"role": "service_role"}))
        .to_string()
}

/// `Accept-Profile` / `Content-Profile` naming another schema: 406 `PGRST106`.
pub(super) fn check_profile(req: &HttpRequest) -> Result<(), ApiError> {
    for name in ["accept-profile", "content-profile"] {
        if let Some(profile) = header(req, name)
            && profile != SCHEMA
        {
            return Err(
                ApiError::new(406, "PGRST106", "Invalid schema: ".to_owned() + &profile)
                    .hint(format!("Only the following schemas are exposed: {SCHEMA}")),
            );
        }
    }
    Ok(())
}
