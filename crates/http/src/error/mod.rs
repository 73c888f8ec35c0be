//! The one API error type and its status/code table (one line per case), rendered as the envelope.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use inbox_domain::access::Permission;
use inbox_domain::outbound::GatewayError;
use inbox_domain::ports::{IdentityError, MediaError, SignatureRejected, TokenRejected};
use inbox_domain::{ActionRefused, RepoError, ValidationError};

use crate::dto::{ErrorBody, ErrorEnvelope};

mod port_errors;

use port_errors::{gateway_parts, identity_parts, media_parts, repo_parts};

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
    /// No usable bearer token: missing, malformed, expired or forged.
    Unauthenticated(TokenProblem),
    /// The token verification keys cannot be fetched: not the caller's fault.
    AuthUnavailable,
    /// A valid identity that is not a user of this inbox (no user, no invitation).
    NoAccess,
    /// The caller sees the account but lacks this permission on it.
    Forbidden(Permission),
    /// What the storage answered.
    Repo(RepoError),
    /// What the identity provider answered.
    Identity(IdentityError),
    /// What the media store answered.
    Media(MediaError),
    /// An upload that is not a JPEG, PNG or WebP image (by its bytes and its content type).
    UnsupportedImage,
    /// A user asked to delete themselves.
    SelfDeletion,
    /// The message's state does not allow this action (edit, delete for everyone, react).
    Refused(ActionRefused),
    /// What Meta's Graph API answered.
    Gateway(GatewayError),
    /// A port this route needs is not configured (`"templates"`, `"gateway"`).
    Unconfigured(&'static str),
    /// A send the outbox refuses: 422 (`invalid_<field>` naming the field, or `window_closed`).
    Send(crate::sending::SendRefusal),
    /// The auto-template fallback already created this many templates for the account today:
    /// 429 (`auto_template_limit`).
    AutoTemplateLimit(u32),
}

/// What is wrong with the request's bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that is not `Bearer <token>`.
    MalformedHeader,
    /// A token the verifier refused.
    Rejected(TokenRejected),
}

impl TokenProblem {
    /// The `WWW-Authenticate` challenge for this problem (RFC 6750 §3).
    fn challenge(self) -> String {
        match self {
            Self::Missing => r#"Bearer realm="inbox""#.to_owned(),
            Self::MalformedHeader => {
                r#"Bearer realm="inbox", error="invalid_request", error_description="expected Authorization: Bearer <token>""#.to_owned()
            }
            Self::Rejected(why) => format!(
                r#"Bearer realm="inbox", error="invalid_token", error_description="{why}""#
            ),
        }
    }
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
            Self::Unauthenticated(problem) => plain(
                StatusCode::UNAUTHORIZED,
                match problem {
                    TokenProblem::Missing => "unauthenticated",
                    TokenProblem::MalformedHeader => "malformed_authorization",
                    TokenProblem::Rejected(_) => "invalid_token",
                },
                match problem {
                    TokenProblem::Missing => "send Authorization: Bearer <token>".to_owned(),
                    TokenProblem::MalformedHeader => {
                        "the Authorization header must be Bearer <token>".to_owned()
                    }
                    TokenProblem::Rejected(why) => format!("the bearer token is refused: {why}"),
                },
            ),
            Self::AuthUnavailable => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "auth_unavailable",
                "tokens cannot be verified right now, retry later".to_owned(),
            ),
            Self::NoAccess => plain(
                StatusCode::FORBIDDEN,
                "no_access",
                "this identity is not a user of this inbox; ask an administrator for an invitation"
                    .to_owned(),
            ),
            Self::Forbidden(permission) => plain(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("this needs the permission {permission} on the account"),
            ),
            Self::Repo(e) => repo_parts(e),
            Self::Identity(e) => identity_parts(e),
            Self::Media(e) => media_parts(e),
            Self::UnsupportedImage => plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_image",
                "the body must be a JPEG, PNG or WebP image sent with its content type".to_owned(),
            ),
            Self::SelfDeletion => plain(
                StatusCode::CONFLICT,
                "self_deletion",
                "you cannot delete yourself; ask another administrator".to_owned(),
            ),
            Self::Refused(why) => plain(
                StatusCode::UNPROCESSABLE_ENTITY,
                match why {
                    ActionRefused::NotOutbound => "message_not_outbound",
                    ActionRefused::NotText => "message_not_text",
                    ActionRefused::Deleted => "message_deleted",
                },
                why.to_string(),
            ),
            Self::Gateway(e) => gateway_parts(e),
            Self::Unconfigured(what) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("{what}_unconfigured"),
                format!("this server has no {what} configured"),
            ),
            Self::Send(crate::sending::SendRefusal::Invalid(e)) => Parts {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: format!("invalid_{}", e.field),
                message: e.to_string(),
                field: Some(e.field),
            },
            Self::Send(crate::sending::SendRefusal::WindowClosed) => plain(
                StatusCode::UNPROCESSABLE_ENTITY,
                "window_closed",
                "the customer wrote more than 24 hours ago: only a template can be sent".to_owned(),
            ),
            Self::AutoTemplateLimit(limit) => plain(
                StatusCode::TOO_MANY_REQUESTS,
                "auto_template_limit",
                format!(
                    "this account already created {limit} templates automatically today (spam-risk \
                     limit): reuse a template or try tomorrow (UTC)"
                ),
            ),
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
        if let Self::Unauthenticated(problem) = self
            && let Ok(value) = HeaderValue::from_str(&problem.challenge())
        {
            response.insert_header((header::WWW_AUTHENTICATE, value));
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

impl ApiError {
    /// What a message action's storage error means to the client: a refusal
    /// (`RepoError::Invalid` for a message, carrying an `ActionRefused` as its reason) gets its
    /// own code; anything else maps as usual.
    pub(crate) fn from_message_action(e: RepoError) -> Self {
        if let RepoError::Invalid {
            entity: "message",
            reason,
        } = &e
            && let Some(why) = [
                ActionRefused::NotOutbound,
                ActionRefused::NotText,
                ActionRefused::Deleted,
            ]
            .into_iter()
            .find(|why| why.to_string() == *reason)
        {
            return Self::Refused(why);
        }
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
            Self::Identity(e) => Some(e),
            Self::Media(e) => Some(e),
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
mod tests;
