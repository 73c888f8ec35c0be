//! The fake's HTTP surface: route table, request log, fault gate, admin key check, error bodies.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::admin;
use super::state::{Endpoint, RecordedRequest, State};

/// What the handlers share with the test-side handle.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) jwt_secret: String,
    pub(crate) service_key: String,
    pub(crate) anon_key: String,
}

impl Shared {
    /// The state, even if a panicking test poisoned the lock.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Registers every route of the fake under `/auth/v1`.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth/v1")
            .route("/.well-known/jwks.json", web::get().to(jwks))
            .route("/health", web::get().to(health))
            .route("/invite", web::post().to(admin::invite))
            .route("/admin/users", web::get().to(admin::list_users))
            .route("/admin/users", web::post().to(admin::create_user))
            .route("/admin/users/{id}", web::get().to(admin::get_user))
            .route("/admin/users/{id}", web::delete().to(admin::delete_user)),
    );
}

/// Appends every request, with the status answered, to the log.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let query = req.query_string().to_owned();
    let response = next.call(req).await?;
    if let Some(shared) = shared {
        shared.lock().requests.push(RecordedRequest {
            method,
            path,
            query,
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

/// An error answer, kept small until it becomes a response (an `HttpResponse` is large).
pub(crate) struct Refusal {
    status: StatusCode,
    body: serde_json::Value,
}

impl Refusal {
    /// GoTrue's error body: `{"code", "error_code", "msg"}`.
    pub(crate) fn gotrue(status: u16, error_code: &str, msg: &str) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self {
            status,
            body: json!({"code": status.as_u16(), "error_code": error_code, "msg": msg}),
        }
    }

    /// The API gateway's error body: `{"message", "hint"}`.
    fn gateway(message: &str, hint: &str) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            body: json!({"message": message, "hint": hint}),
        }
    }

    /// The response to send.
    pub(crate) fn into_response(self) -> HttpResponse {
        HttpResponse::build(self.status).json(self.body)
    }
}

/// A GoTrue error response: `{"code", "error_code", "msg"}`.
pub(crate) fn error(status: u16, error_code: &str, msg: &str) -> HttpResponse {
    Refusal::gotrue(status, error_code, msg).into_response()
}

/// Waits and fails as scripted for `endpoint`; `Some` is the answer to give instead.
pub(crate) async fn gate(shared: &Shared, endpoint: Endpoint) -> Option<HttpResponse> {
    let fault = shared.lock().faults.get(&endpoint).copied()?;
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    let code = fault.error_code.unwrap_or("unexpected_failure");
    fault
        .status
        .map(|status| error(status, code, "injected failure"))
}

/// Checks the admin credentials as Supabase does: a known `apikey` (else the gateway's 401), then
/// `Authorization: Bearer <service key>` (none: 401 `no_authorization`; the anon key: 403
/// `not_admin`; anything else: 401 `bad_jwt`).
pub(crate) fn authorize_admin(req: &HttpRequest, shared: &Shared) -> Result<(), Refusal> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    match header("apikey") {
        None => {
            return Err(Refusal::gateway(
                "No API key found in request",
                "No `apikey` request header or url param was found.",
            ));
        }
        Some(key) if key != shared.service_key && key != shared.anon_key => {
            return Err(Refusal::gateway(
                "Invalid API key",
                "Double check your Supabase `anon` or `service_role` API key.",
            ));
        }
        Some(_) => {}
    }
    let bearer = header("authorization").and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    match bearer {
        None => Err(Refusal::gotrue(
            401,
            "no_authorization",
            "This endpoint requires a Bearer token",
        )),
        Some(token) if token == shared.service_key => Ok(()),
        Some(token) if token == shared.anon_key => {
            Err(Refusal::gotrue(403, "not_admin", "User not allowed"))
        }
        Some(_) => Err(Refusal::gotrue(
            401,
            "bad_jwt",
            "invalid JWT: unable to parse or verify signature, token is malformed",
        )),
    }
}

async fn jwks(shared: web::Data<Shared>) -> HttpResponse {
    if let Some(answer) = gate(&shared, Endpoint::Jwks).await {
        return answer;
    }
    let body = shared.lock().jwks();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=600"))
        .json(body)
}

/// `GET /health`: GoTrue's liveness answer (Supabase's gateway still wants an `apikey`).
async fn health(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    let known = req
        .headers()
        .get("apikey")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|key| key == shared.service_key || key == shared.anon_key);
    if !known {
        return Refusal::gateway("Invalid API key", "Double check your Supabase API key.")
            .into_response();
    }
    if let Some(answer) = gate(&shared, Endpoint::Health).await {
        return answer;
    }
    HttpResponse::Ok().json(json!({
        "version": "fake",
        "name": "GoTrue",
        "description": "GoTrue is a user registration and authentication API"
    }))
}

pub(crate) async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"message": "no Route matched with those values"}))
}
