//! Extractor settings and fallbacks: body, query and path errors, unknown routes and wrong
//! methods all answer with our error envelope, never actix's plain-text bodies.

use std::sync::LazyLock;

use actix_web::HttpRequest;
use actix_web::dev::ResourceDef;
use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::web::{JsonConfig, PathConfig, QueryConfig};
use inbox_domain::ValidationError;

use crate::error::ApiError;
use crate::routes::ROUTES;

/// Largest JSON body accepted, in bytes (256 KiB).
pub const JSON_BODY_LIMIT: usize = 256 * 1024;

/// JSON bodies: size limit, `application/json` required, errors in our envelope.
pub(crate) fn json_config() -> JsonConfig {
    JsonConfig::default()
        .limit(JSON_BODY_LIMIT)
        .error_handler(|err, _req| json_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge(limit),
        JsonPayloadError::Payload(PayloadError::Overflow) => {
            ApiError::PayloadTooLarge(JSON_BODY_LIMIT)
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(e) => {
            ApiError::MalformedBody(format!("the body is not the expected JSON: {e}"))
        }
        other => ApiError::MalformedBody(format!("the body could not be read: {other}")),
    }
}

/// Query strings: errors in our envelope (our query types read text, so these are rare).
pub(crate) fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, _req| {
        let QueryPayloadError::Deserialize(e) = err else {
            return ApiError::MalformedQuery("the query string could not be read".to_owned())
                .into();
        };
        ApiError::MalformedQuery(format!("the query string is malformed: {e}")).into()
    })
}

/// Path segments: errors in our envelope.
pub(crate) fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|_err: PathError, _req| {
        ApiError::Validation(ValidationError::new(
            "path",
            "has a segment of the wrong form",
        ))
        .into()
    })
}

/// Every API route's pattern, compiled once for the 404/405 fallback.
static ROUTE_PATTERNS: LazyLock<Vec<(&'static str, ResourceDef)>> = LazyLock::new(|| {
    ROUTES
        .iter()
        .map(|(method, pattern)| (*method, ResourceDef::new(*pattern)))
        .collect()
});

/// Fallback service: 405 with `Allow` when the path exists under other methods, else 404.
pub(crate) async fn no_route(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    let allowed: Vec<&'static str> = ROUTE_PATTERNS
        .iter()
        .filter(|(_, def)| def.is_match(req.path()))
        .map(|(method, _)| *method)
        .collect();
    if allowed.is_empty() || allowed.contains(&req.method().as_str()) {
        return Err(ApiError::RouteNotFound);
    }
    Err(ApiError::MethodNotAllowed(allowed))
}
