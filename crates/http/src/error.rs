//! The one API error type and its status/code table (one line per case), rendered as the envelope.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use inbox_domain::ports::SignatureRejected;
use inbox_domain::{RepoError, ValidationError};

use crate::dto::{ErrorBody, ErrorEnvelope};

/// Everything a handler or extractor can answer besides success.
pub enum ApiError {
    /// A value failed to parse at the edge.
    Validation(ValidationError),
    /// The request body is not JSON, or not the shape we expect.
    MalformedBody(String),
    /// The query string could not be read.
    MalformedQuery(String),
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the limit, in bytes.
    PayloadTooLarge(usize),
    /// The body did not arrive in time.
    BodyTimeout,
    /// A webhook delivery's `X-Hub-Signature-256` is missing or wrong.
    InvalidSignature(SignatureRejected),
    /// Meta's subscription handshake: wrong `hub.mode` or an unknown `hub.verify_token`.
    VerificationRefused,
    /// No route has this path.
    RouteNotFound,
    /// A route has this path but not this method; lists the allowed methods.
    MethodNotAllowed(Vec<&'static str>),
    /// What the storage answered.
    Repo(RepoError),
}

/// Status, code, message and field of an error: the table a reviewer reads top to bottom.
struct Parts {
    status: StatusCode,
    code: String,
    message: String,
    field: Option<&'static str>,
}

impl ApiError {
    fn parts(&self) -> Parts {
        let plain = |status, code: &str, message: String| Parts {
            status,
            code: code.to_owned(),
            message,
            field: None,
        };
        match self {
            Self::Validation(e) => Parts {
                status: StatusCode::BAD_REQUEST,
                code: format!("invalid_{}", e.field),
                message: e.to_string(),
                field: Some(e.field),
            },
            Self::MalformedBody(why) => {
                plain(StatusCode::BAD_REQUEST, "malformed_body", why.clone())
            }
            Self::MalformedQuery(why) => {
                plain(StatusCode::BAD_REQUEST, "malformed_query", why.clone())
            }
            Self::UnsupportedMediaType => plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "the body must be application/json".to_owned(),
            ),
            Self::PayloadTooLarge(limit) => plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the body must not exceed {limit} bytes"),
            ),
            Self::BodyTimeout => plain(
                StatusCode::REQUEST_TIMEOUT,
                "body_timeout",
                "the body did not arrive in time".to_owned(),
            ),
            Self::InvalidSignature(reason) => plain(
                StatusCode::UNAUTHORIZED,
                "invalid_signature",
                format!("X-Hub-Signature-256 refused: {reason}"),
            ),
            Self::VerificationRefused => plain(
                StatusCode::FORBIDDEN,
                "verification_refused",
                "hub.mode or hub.verify_token is wrong".to_owned(),
            ),
            Self::RouteNotFound => plain(
                StatusCode::NOT_FOUND,
                "route_not_found",
                "no such route".to_owned(),
            ),
            Self::MethodNotAllowed(allowed) => plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("this route allows {}", allowed.join(", ")),
            ),
            Self::Repo(e) => repo_parts(e),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        self.parts().status
    }

    /// The stable code of this error, e.g. `invalid_limit`.
    pub fn code(&self) -> String {
        self.parts().code
    }

    /// The envelope for this error; `request_id` is filled in for 5xx answers.
    pub fn envelope(&self, request_id: Option<String>) -> ErrorEnvelope {
        let Parts {
            status,
            code,
            message,
            field,
        } = self.parts();
        ErrorEnvelope {
            error: ErrorBody {
                code,
                message,
                field: field.map(str::to_owned),
                request_id: request_id.filter(|_| status.is_server_error()),
            },
        }
    }

    /// The full response, with a request id for 5xx answers.
    pub fn to_response(&self, request_id: Option<String>) -> HttpResponse {
        let mut response = HttpResponse::build(self.status());
        if let Self::MethodNotAllowed(allowed) = self
            && let Ok(value) = HeaderValue::from_str(&allowed.join(", "))
        {
            response.insert_header((header::ALLOW, value));
        }
        response.json(self.envelope(request_id))
    }

    /// The storage error behind a 5xx, whose cause chain must be logged.
    pub fn server_cause(&self) -> Option<&RepoError> {
        match self {
            Self::Repo(e @ (RepoError::Unavailable(_) | RepoError::Internal(_))) => Some(e),
            _ => None,
        }
    }
}

fn repo_parts(e: &RepoError) -> Parts {
    let (status, code, message) = match e {
        RepoError::NotFound { entity } => (
            StatusCode::NOT_FOUND,
            format!("{entity}_not_found"),
            e.to_string(),
        ),
        RepoError::Conflict { entity, .. } => (
            StatusCode::CONFLICT,
            format!("{entity}_conflict"),
            e.to_string(),
        ),
        RepoError::MissingReference { entity } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{entity}_reference_missing"),
            e.to_string(),
        ),
        RepoError::Invalid { entity, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{entity}_invalid"),
            e.to_string(),
        ),
        RepoError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable".to_owned(),
            "storage is unavailable, retry later".to_owned(),
        ),
        RepoError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal".to_owned(),
            "internal error; quote the request id when reporting it".to_owned(),
        ),
    };
    Parts {
        status,
        code,
        message,
        field: None,
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::Validation(e)
    }
}

impl From<RepoError> for ApiError {
    fn from(e: RepoError) -> Self {
        Self::Repo(e)
    }
}

/// Shows the status and code only: `Debug` may reach logs and must carry neither request data
/// nor storage internals. The cause chain is logged once, by the request-id middleware.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = self.parts();
        write!(f, "ApiError({} {})", parts.status.as_u16(), parts.code)
    }
}

/// The client-facing message (what the envelope says).
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts().message)
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Validation(e) => Some(e),
            Self::Repo(e) => Some(e),
            _ => None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.to_response(None)
    }
}

/// Formats an error and every `source()` below it, one `: ` apart, for `error.cause_chain`.
pub struct CauseChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Debug for CauseChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut current = self.0.source();
        while let Some(cause) = current {
            write!(f, ": {cause}")?;
            current = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_name_their_field() {
        let body = ApiError::from(ValidationError::new("limit", "must be between 1 and 100"))
            .envelope(None);
        assert_eq!(body.error.code, "invalid_limit");
        assert_eq!(body.error.field.as_deref(), Some("limit"));
        assert_eq!(body.error.message, "limit: must be between 1 and 100");
    }

    #[test]
    fn internal_errors_are_opaque_and_carry_the_request_id() {
        let err = ApiError::from(RepoError::Internal("relation \"x\" does not exist".into()));
        let body = err.envelope(Some("abc".into()));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.error.message.contains("relation"));
        assert_eq!(body.error.request_id.as_deref(), Some("abc"));
        assert!(!format!("{err:?}").contains("relation"));
    }

    #[test]
    fn client_errors_do_not_carry_the_request_id() {
        let body = ApiError::from(RepoError::not_found("account")).envelope(Some("abc".into()));
        assert_eq!(body.error.code, "account_not_found");
        assert_eq!(body.error.request_id, None);
    }

    #[test]
    fn cause_chain_walks_every_source() {
        let err = RepoError::Unavailable("connection refused".into());
        assert_eq!(
            format!("{:?}", CauseChain(&err)),
            "storage unavailable: connection refused"
        );
    }
}
