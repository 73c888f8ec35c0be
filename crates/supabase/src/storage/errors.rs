//! Storage's error answers and transport failures, and the port's `MediaError` they become.

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use inbox_domain::ValidationError;
use inbox_domain::ports::MediaError;

use crate::round_trip::transport_cause;

/// The cause kept inside `MediaError::Unavailable` / `Internal`, for the logs. Never holds a
/// key, a signed URL or its token.
#[derive(Debug, Error)]
pub enum StorageCallError {
    /// The request failed before a whole answer arrived (connection, timeout, TLS).
    #[error("Supabase Storage {operation}: {cause}")]
    Transport {
        /// The call, e.g. `upload`.
        operation: &'static str,
        /// reqwest's error chain, without the URL.
        cause: String,
    },
    /// Storage answered with an error.
    #[error("Supabase Storage {operation}: status {status} {error} ({code}): {message}")]
    Status {
        /// The call.
        operation: &'static str,
        /// The real status: the body's `statusCode` when present, else the HTTP status.
        status: u16,
        /// Storage's `error`, e.g. `not_found`; `-` when the body had none.
        error: String,
        /// Storage's `code`, e.g. `NoSuchKey`; `-` when the body had none.
        code: String,
        /// Storage's `message`, at most 200 characters.
        message: String,
    },
    /// A success answer we could not read.
    #[error("Supabase Storage {operation}: unreadable answer: {reason}")]
    Body {
        /// The call.
        operation: &'static str,
        /// What was wrong with it.
        reason: String,
    },
}

/// Storage's error body `{"statusCode": "404", "code"?, "error", "message"}` (nearly always
/// sent as HTTP 400), or the gateway's `{"message"}`; every field optional.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(rename = "statusCode")]
    status_code: Option<Value>,
    code: Option<String>,
    error: Option<String>,
    message: Option<String>,
}

/// A failed call, before the port's meaning is given to it (bucket calls read it differently).
#[derive(Debug)]
pub(crate) enum Failure {
    /// Storage answered an error; `status` is the real one.
    Status {
        /// The real status.
        status: u16,
        /// The cause, for the logs.
        cause: StorageCallError,
    },
    /// No whole answer (connection, timeout, TLS, body cut short).
    Transport(StorageCallError),
    /// A success answer larger than the caller accepts.
    TooLarge,
    /// A success answer of the wrong shape.
    Body(StorageCallError),
}

impl Failure {
    /// The real status of an error answer, `None` for other failures.
    pub(crate) const fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// What the failure means for the port; `limit_bytes` is the store's object limit.
    ///
    /// By real status: 404 is `NotFound` unless the bucket itself is missing (a configuration
    /// problem, `Internal`); 401, 403 and a refused JWT are `Unauthorized`; 413 is `TooLarge`;
    /// 415 (a content type the bucket does not allow) is `Rejected` on `content_type`; 408, 429
    /// and 5xx are `Unavailable`; anything else means our request is wrong: `Internal`.
    pub(crate) fn into_media(self, limit_bytes: u64) -> MediaError {
        match self {
            Self::Transport(cause) => MediaError::Unavailable(Box::new(cause)),
            Self::TooLarge => MediaError::TooLarge { limit_bytes },
            Self::Body(cause) => MediaError::Internal(Box::new(cause)),
            Self::Status { status, cause } => classify_status(status, cause, limit_bytes),
        }
    }
}

fn classify_status(status: u16, cause: StorageCallError, limit_bytes: u64) -> MediaError {
    let names = match &cause {
        StorageCallError::Status { error, code, .. } => [error.as_str(), code.as_str()],
        _ => ["", ""],
    };
    let named = |candidates: &[&str]| {
        names
            .iter()
            .any(|name| candidates.iter().any(|c| name.eq_ignore_ascii_case(c)))
    };
    let bucket_missing = named(&["Bucket not found", "NoSuchBucket"]);
    let key_refused = named(&["InvalidJWT", "Unauthorized", "AccessDenied"]);
    match status {
        404 if !bucket_missing => MediaError::NotFound,
        401 | 403 => MediaError::Unauthorized,
        _ if key_refused => MediaError::Unauthorized,
        413 => MediaError::TooLarge { limit_bytes },
        415 => MediaError::Rejected(ValidationError::new(
            "content_type",
            "the media bucket does not allow this content type",
        )),
        408 | 429 | 500..=599 => MediaError::Unavailable(Box::new(cause)),
        _ => MediaError::Internal(Box::new(cause)),
    }
}

/// Reads an error answer: the real status from the body's `statusCode` (a string or a
/// number), else the HTTP status.
pub(crate) fn status_failure(operation: &'static str, http: StatusCode, body: &[u8]) -> Failure {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let status = parsed
        .status_code
        .as_ref()
        .and_then(|code| match code {
            Value::String(text) => text.trim().parse().ok(),
            Value::Number(number) => number.as_u64().and_then(|n| u16::try_from(n).ok()),
            _ => None,
        })
        .filter(|status| (400..=599).contains(status))
        .unwrap_or_else(|| http.as_u16());
    let message = parsed
        .message
        .as_deref()
        .unwrap_or("(no message)")
        .chars()
        .take(200)
        .collect();
    let error = parsed.error.unwrap_or_else(|| "-".to_owned());
    let code = parsed.code.unwrap_or_else(|| "-".to_owned());
    Failure::Status {
        status,
        cause: StorageCallError::Status {
            operation,
            status,
            error,
            code,
            message,
        },
    }
}

/// A request that got no whole answer.
pub(crate) fn transport(operation: &'static str, err: reqwest::Error) -> Failure {
    let cause = transport_cause(err);
    Failure::Transport(StorageCallError::Transport { operation, cause })
}

/// A success answer whose body does not have the documented shape.
pub(crate) fn unreadable(operation: &'static str, reason: impl Into<String>) -> Failure {
    Failure::Body(StorageCallError::Body {
        operation,
        reason: reason.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classify(http: u16, body: &Value) -> MediaError {
        let http = StatusCode::from_u16(http).unwrap();
        status_failure("test", http, body.to_string().as_bytes()).into_media(1_000)
    }

    fn storage(status: &str, error: &str) -> Value {
        json!({"statusCode": status, "error": error, "message": "m"})
    }

    /// A case: its name, what was classified, and the check of the outcome.
    type Case = (&'static str, MediaError, fn(&MediaError) -> bool);

    #[test]
    fn the_status_in_the_body_decides_not_the_http_status() {
        let cases: [Case; 12] = [
            (
                "missing object",
                classify(400, &storage("404", "not_found")),
                |e| matches!(e, MediaError::NotFound),
            ),
            (
                "missing bucket is ours",
                classify(400, &storage("404", "Bucket not found")),
                |e| matches!(e, MediaError::Internal(_)),
            ),
            (
                "missing bucket by code",
                classify(
                    400,
                    &json!({"statusCode": "404", "code": "NoSuchBucket", "error": "not_found"}),
                ),
                |e| matches!(e, MediaError::Internal(_)),
            ),
            (
                "rls refusal",
                classify(400, &storage("403", "Unauthorized")),
                |e| matches!(e, MediaError::Unauthorized),
            ),
            (
                "bad jwt",
                classify(400, &storage("400", "InvalidJWT")),
                |e| matches!(e, MediaError::Unauthorized),
            ),
            (
                "too large",
                classify(400, &storage("413", "Payload too large")),
                |e| matches!(e, MediaError::TooLarge { limit_bytes: 1_000 }),
            ),
            (
                "mime type",
                classify(400, &storage("415", "invalid_mime_type")),
                |e| matches!(e, MediaError::Rejected(v) if v.field == "content_type"),
            ),
            (
                "overload",
                classify(429, &storage("429", "too_many")),
                |e| matches!(e, MediaError::Unavailable(_)),
            ),
            (
                "internal",
                classify(500, &storage("500", "internal")),
                |e| matches!(e, MediaError::Unavailable(_)),
            ),
            (
                "duplicate",
                classify(400, &storage("409", "Duplicate")),
                |e| matches!(e, MediaError::Internal(_)),
            ),
            (
                "gateway key refusal",
                classify(401, &json!({"message": "Invalid API key"})),
                |e| matches!(e, MediaError::Unauthorized),
            ),
            (
                "numeric status",
                classify(400, &json!({"statusCode": 404})),
                |e| matches!(e, MediaError::NotFound),
            ),
        ];
        for (name, got, check) in cases {
            assert!(check(&got), "{name}: {got:?}");
        }
    }

    #[test]
    fn bodies_that_are_not_storage_errors_use_the_http_status() {
        let html = status_failure("test", StatusCode::BAD_GATEWAY, b"<html>").into_media(1);
        assert!(matches!(html, MediaError::Unavailable(_)));
        let odd = status_failure("test", StatusCode::BAD_REQUEST, b"{}").into_media(1);
        assert!(matches!(odd, MediaError::Internal(_)));
    }

    #[test]
    fn causes_keep_the_error_and_a_short_message() {
        let long = "x".repeat(500);
        let body = json!({"statusCode": "500", "error": "internal", "message": long});
        let MediaError::Unavailable(cause) = classify(500, &body) else {
            panic!("500 is Unavailable");
        };
        let text = cause.to_string();
        assert!(text.contains("status 500 internal (-)"), "{text}");
        assert!(text.len() < 300, "{text}");
    }
}
