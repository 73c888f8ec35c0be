//! Our request middleware: per-route metrics, and the request id on every answer (and in 5xx bodies).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Response, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse};
use inbox_domain::RepoError;
use tracing_actix_web::RequestId;

use crate::error::{ApiError, CauseChain};
use crate::metrics::{UNMATCHED_ROUTE, record_request};

/// Header carrying the request id on every response.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The code of the [`ApiError`] a response answers, for the request's log line.
#[derive(Debug, Clone)]
pub(crate) struct ErrorCode(pub(crate) String);

/// Counts the request and records its duration under its route pattern, method and status.
pub(crate) async fn record_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let outcome = next.call(req).await;
    let (route, status) = match &outcome {
        Ok(res) => (res.request().match_pattern(), res.status()),
        Err(e) => (None, e.as_response_error().status_code()),
    };
    let route = route.unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
    record_request(&method, &route, status, started.elapsed());
    outcome
}

/// Puts `x-request-id` on every answer and settles [`ApiError`] answers: a 5xx is logged here,
/// once, with its cause chain, and answered again with the request id in its body. The error
/// is then detached from the response and only its code kept, so the request's one log line
/// carries `error.code` and tracing-actix-web does not log the error a second time.
pub(crate) async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let res = next.call(req).await?;
    let settled = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|api| {
            let replacement = api.status().is_server_error().then(|| {
                log_server_error(api);
                api.to_response(request_id.clone())
            });
            (ErrorCode(api.code()), replacement)
        });
    let mut res = match settled {
        None => res.map_into_boxed_body(),
        Some((code, replacement)) => {
            let (req, response) = res.into_parts();
            let mut response = match replacement {
                Some(replacement) => replacement,
                None => HttpResponse::from(Response::from(response.map_into_boxed_body())),
            };
            response.extensions_mut().insert(code);
            ServiceResponse::new(req, response)
        }
    };
    if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(res)
}

fn log_server_error(api: &ApiError) {
    match api.server_cause() {
        Some(e @ RepoError::Unavailable(_)) => {
            tracing::warn!(error.cause_chain = ?CauseChain(e), "storage unavailable");
        }
        Some(e) => tracing::error!(error.cause_chain = ?CauseChain(e), "internal error"),
        None => tracing::error!(error.code = %api.code(), "server error"),
    }
}
