//! The HTTP surface under `/rest/v1`: the routes, the request log, the OpenAPI root and the
//! fallback 404. Keys, tables and views, functions and answer shapes have files of their own.

mod answer;
mod keys;
mod rpc;
mod table;

use std::future::Future;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::error::ApiError;
use super::shared::Shared;
use super::state::{FaultTarget, RecordedRequest};
use keys::authorize;

/// Registers every route under `/rest/v1`.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/rest/v1")
            .route("/", web::get().to(root))
            .route("/rpc/{name}", web::post().to(rpc::rpc))
            .route("/rpc/{name}", web::get().to(rpc::rpc))
            .route("/{table}", web::get().to(table::table))
            .route("/{table}", web::head().to(table::table))
            .route("/{table}", web::post().to(table::table))
            .route("/{table}", web::patch().to(table::table))
            .route("/{table}", web::delete().to(table::table)),
    );
}

/// Appends every request under `/rest/v1`, with the status answered, to the log.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let query = req.query_string().to_owned();
    let prefer = req
        .headers()
        .get("prefer")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let response = next.call(req).await?;
    if let Some(shared) = shared.filter(|_| path.starts_with("/rest/v1")) {
        shared.lock().requests.push(RecordedRequest {
            method,
            path,
            query,
            prefer,
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

/// Answers a call after the key check and the fault gate for `target`; `answer` gets the claims.
async fn guarded<Fut>(
    req: &HttpRequest,
    shared: &Shared,
    target: FaultTarget,
    answer: impl FnOnce(String) -> Fut,
) -> HttpResponse
where
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let claims = match authorize(req, shared) {
        Ok(claims) => claims,
        Err(refusal) => return *refusal,
    };
    if let Some(error) = shared.gate(&target).await {
        return error.into_response();
    }
    answer(claims).await.unwrap_or_else(ApiError::into_response)
}

fn parse_body(body: &[u8], empty: Value) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(empty);
    }
    serde_json::from_slice(body).map_err(|e| ApiError::body(e.to_string()))
}

/// `GET /rest/v1/`: a minimal OpenAPI root (health checks read `info.version`).
async fn root(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Err(refusal) = authorize(&req, &shared) {
        return *refusal;
    }
    HttpResponse::Ok()
        .insert_header(("Server", "postgrest/12.2.0"))
        .json(
            json!({"swagger": "2.0", "info": {"title": "fake PostgREST", "version": "12.2.0"},
                     "paths": {}}),
        )
}

/// Anything else: PostgREST's 404 without a body of its own.
pub(crate) async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"message": "no Route matched with those values"}))
}
