//! The root span of each request: route pattern, method, request id, status and duration, no
//! query string, no client address; and the one INFO line per request (with `error.code`).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{RequestId, RootSpanBuilder};

use crate::metrics::UNMATCHED_ROUTE;
use crate::middleware::ErrorCode;

/// When the request entered the app; read back to compute `duration_ms`.
#[derive(Clone, Copy)]
struct RequestStart(Instant);

/// Builds our root span for tracing-actix-web's `TracingLogger`.
///
/// Unlike the default builder it records the route pattern (never the raw target with its
/// query string) and no client address or user agent, which may be personal data.
pub struct InboxRootSpan;

impl RootSpanBuilder for InboxRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        request
            .extensions_mut()
            .insert(RequestStart(Instant::now()));
        let route = request
            .match_pattern()
            .unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            request_id = %request_id,
            http.status_code = Empty,
            duration_ms = Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, duration_ms) = match outcome {
            Ok(response) => (
                response.status(),
                response
                    .request()
                    .extensions()
                    .get::<RequestStart>()
                    .map(|start| start.0.elapsed().as_secs_f64() * 1000.0),
            ),
            Err(error) => (error.as_response_error().status_code(), None),
        };
        span.record("http.status_code", status.as_u16());
        if let Some(duration_ms) = duration_ms {
            span.record("duration_ms", duration_ms);
        }
        let response = outcome.as_ref().ok();
        let route = response
            .and_then(|response| response.request().match_pattern())
            .unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
        let error_code = response
            .and_then(|response| response.response().extensions().get::<ErrorCode>().cloned());
        tracing::info!(
            parent: &span,
            http.route = %route,
            http.status_code = status.as_u16(),
            duration_ms,
            error.code = error_code.as_ref().map(|code| code.0.as_str()),
            "request completed"
        );
    }
}
