//! GoTrue's error answers and transport failures, classified into the port's `IdentityError`.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::Deserialize;
use std::time::Duration;
use thiserror::Error;

use inbox_domain::ValidationError;
use inbox_domain::ports::IdentityError;

use crate::round_trip::transport_cause;

/// The cause kept inside `IdentityError::Unavailable` / `Internal`, for the logs. Never holds
/// a URL, an email or a key.
#[derive(Debug, Error)]
pub enum AuthAdminError {
    /// The request failed before an answer arrived (connection, timeout, TLS).
    #[error("Supabase Auth {operation}: {cause}")]
    Transport {
        /// The call, e.g. `invite`.
        operation: &'static str,
        /// reqwest's error chain, without the URL.
        cause: String,
    },
    /// Supabase Auth answered with an error status.
    #[error("Supabase Auth {operation}: HTTP {status} {error_code}: {message}")]
    Status {
        /// The call.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// GoTrue's `error_code`, or `-` when the body had none.
        error_code: String,
        /// GoTrue's `msg` (or the gateway's `message`), at most 200 characters.
        message: String,
    },
    /// A success answer we could not read.
    #[error("Supabase Auth {operation}: unreadable answer: {reason}")]
    Body {
        /// The call.
        operation: &'static str,
        /// What was wrong with it.
        reason: String,
    },
}

/// Every shape of error body met on `/auth/v1`, each field optional: GoTrue's
/// `{"code", "error_code", "msg"}`, OAuth-style `{"error", "error_description"}`, and the API
/// gateway's `{"message"}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    code: Option<serde_json::Value>,
    error_code: Option<String>,
    msg: Option<String>,
    message: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// What a failed answer means for the port. Branches on `error_code` first (GoTrue uses 400
/// and 422 interchangeably), then on the status.
pub(crate) fn classify(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> IdentityError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let message: String = parsed
        .msg
        .as_deref()
        .or(parsed.message.as_deref())
        .or(parsed.error_description.as_deref())
        .unwrap_or("(no message)")
        .chars()
        .take(200)
        .collect();
    let code = parsed.error_code.as_deref().or(parsed.error.as_deref());
    let cause = || {
        Box::new(AuthAdminError::Status {
            operation,
            status: status.as_u16(),
            error_code: code.unwrap_or("-").to_owned(),
            message: message.clone(),
        })
    };
    match code {
        Some("user_not_found") => return IdentityError::NotFound,
        Some("email_exists" | "user_already_exists" | "identity_already_exists") => {
            return IdentityError::AlreadyExists;
        }
        Some("bad_jwt" | "not_admin" | "no_authorization") => return IdentityError::Unauthorized,
        Some("email_address_invalid" | "email_address_not_authorized") => {
            return IdentityError::Rejected(ValidationError::new("email", message));
        }
        Some(code) if code.starts_with("over_") && code.ends_with("_rate_limit") => {
            return rate_limited(headers);
        }
        Some("request_timeout" | "hook_timeout" | "hook_timeout_after_retry") => {
            return IdentityError::Unavailable(cause());
        }
        _ => {}
    }
    // GoTrue before error codes (self-hosted) still sends `{"code": <status>, "msg"}`.
    let gotrue_shaped = parsed.code.is_some() && parsed.msg.is_some();
    match status.as_u16() {
        401 | 403 => IdentityError::Unauthorized,
        404 if gotrue_shaped && code.is_none() => IdentityError::NotFound,
        422 if code.is_none() && message.contains("already been registered") => {
            IdentityError::AlreadyExists
        }
        429 => rate_limited(headers),
        408 | 500..=599 => IdentityError::Unavailable(cause()),
        // `validation_failed`, `bad_json`, an unknown code, a 404 from the gateway (a wrong
        // URL): our request or our configuration is wrong, not the caller's input.
        _ => IdentityError::Internal(cause()),
    }
}

fn rate_limited(headers: &HeaderMap) -> IdentityError {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
        .map(Duration::from_secs);
    IdentityError::RateLimited { retry_after }
}

/// A request that got no answer: always `Unavailable` (the caller decides whether to retry).
pub(crate) fn transport(operation: &'static str, err: reqwest::Error) -> IdentityError {
    let cause = transport_cause(err);
    IdentityError::Unavailable(Box::new(AuthAdminError::Transport { operation, cause }))
}

/// A success answer whose body does not have the documented shape.
pub(crate) fn unreadable(operation: &'static str, reason: impl Into<String>) -> IdentityError {
    IdentityError::Internal(Box::new(AuthAdminError::Body {
        operation,
        reason: reason.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classify_json(status: u16, body: serde_json::Value) -> IdentityError {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        let status = StatusCode::from_u16(status).unwrap();
        classify("test", status, &headers, body.to_string().as_bytes())
    }

    fn gotrue(status: u16, code: &str) -> IdentityError {
        classify_json(
            status,
            json!({"code": status, "error_code": code, "msg": "m"}),
        )
    }

    /// A case: its name, what was classified, and the check of the outcome.
    type Case = (&'static str, IdentityError, fn(&IdentityError) -> bool);

    #[test]
    fn error_codes_decide_before_statuses() {
        let cases: [Case; 12] = [
            ("user_not_found", gotrue(404, "user_not_found"), |e| {
                matches!(e, IdentityError::NotFound)
            }),
            ("email_exists as 422", gotrue(422, "email_exists"), |e| {
                matches!(e, IdentityError::AlreadyExists)
            }),
            ("email_exists as 400", gotrue(400, "email_exists"), |e| {
                matches!(e, IdentityError::AlreadyExists)
            }),
            (
                "user_already_exists",
                gotrue(422, "user_already_exists"),
                |e| matches!(e, IdentityError::AlreadyExists),
            ),
            ("not_admin", gotrue(403, "not_admin"), |e| {
                matches!(e, IdentityError::Unauthorized)
            }),
            ("bad_jwt", gotrue(401, "bad_jwt"), |e| {
                matches!(e, IdentityError::Unauthorized)
            }),
            (
                "invalid email",
                gotrue(400, "email_address_invalid"),
                |e| matches!(e, IdentityError::Rejected(v) if v.field == "email"),
            ),
            (
                "email rate limit",
                gotrue(429, "over_email_send_rate_limit"),
                |e| matches!(e, IdentityError::RateLimited { retry_after: Some(d) } if d.as_secs() == 7),
            ),
            (
                "request rate limit as 400",
                gotrue(400, "over_request_rate_limit"),
                |e| matches!(e, IdentityError::RateLimited { .. }),
            ),
            ("hook timeout", gotrue(422, "hook_timeout"), |e| {
                matches!(e, IdentityError::Unavailable(_))
            }),
            ("bad_json is ours", gotrue(400, "bad_json"), |e| {
                matches!(e, IdentityError::Internal(_))
            }),
            ("unknown code", gotrue(400, "something_new"), |e| {
                matches!(e, IdentityError::Internal(_))
            }),
        ];
        for (name, got, check) in cases {
            assert!(check(&got), "{name}: {got:?}");
        }
    }

    #[test]
    fn statuses_decide_when_there_is_no_code() {
        let gateway = json!({"message": "Invalid API key", "hint": "h"});
        assert!(matches!(
            classify_json(401, gateway),
            IdentityError::Unauthorized
        ));
        let route = json!({"message": "no Route matched with those values"});
        assert!(matches!(
            classify_json(404, route),
            IdentityError::Internal(_)
        ));
        let old_gotrue = json!({"code": 404, "msg": "User not found"});
        assert!(matches!(
            classify_json(404, old_gotrue),
            IdentityError::NotFound
        ));
        let old_dup = json!({"code": 422, "msg": "A user with this email address has already been registered"});
        assert!(matches!(
            classify_json(422, old_dup),
            IdentityError::AlreadyExists
        ));
        assert!(matches!(
            classify_json(429, json!({})),
            IdentityError::RateLimited { .. }
        ));
        for status in [408, 500, 502, 503, 504] {
            let got = classify(
                "test",
                StatusCode::from_u16(status).unwrap(),
                &HeaderMap::new(),
                b"<html>",
            );
            assert!(matches!(got, IdentityError::Unavailable(_)), "{status}");
        }
    }

    #[test]
    fn causes_keep_the_code_and_a_short_message() {
        let long = "x".repeat(500);
        let got = classify_json(
            500,
            json!({"code": 500, "error_code": "unexpected_failure", "msg": long}),
        );
        let IdentityError::Unavailable(cause) = got else {
            panic!("5xx is Unavailable");
        };
        let text = cause.to_string();
        assert!(text.contains("HTTP 500 unexpected_failure"), "{text}");
        assert!(text.len() < 300, "{text}");
    }
}
