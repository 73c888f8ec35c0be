//! What every Storage call passes first: the keys, as the gateway and Storage check them, and
//! the scripted latency and faults.

use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::{Answer, Shared, header};
use crate::fake_storage::error::StorageError;
use crate::fake_storage::state::StorageRoute;

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
pub(super) async fn guarded(
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
