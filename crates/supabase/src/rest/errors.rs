//! PostgREST's error answers and transport failures, classified into the domain's `RepoError`
//! exactly as the PostgreSQL adapter classifies the same SQLSTATE.

use reqwest::StatusCode;
use serde::Deserialize;
use thiserror::Error;

use inbox_domain::RepoError;

use super::entities::entity_in_words;
use crate::round_trip::transport_cause;
use inbox_schema::{entity_of, referenced_entity};

/// The cause kept inside `RepoError::Unavailable` / `Internal`, for the logs. Never holds a URL,
/// a key, PostgREST's `details` or `hint` (they quote row values), or the message of a data
/// error (it quotes the rejected input).
#[derive(Debug, Error)]
pub enum RestError {
    /// The request failed before an answer arrived (connection, timeout, TLS).
    #[error("Supabase REST {operation}: {cause}")]
    Transport {
        /// The call, e.g. `accounts.get`.
        operation: &'static str,
        /// reqwest's error chain, without the URL.
        cause: String,
    },
    /// PostgREST (or the gateway in front of it) answered with an error status.
    #[error("Supabase REST {operation}: HTTP {status} {code}: {message}")]
    Status {
        /// The call.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// SQLSTATE or `PGRSTxxx`, or `-` when the body had none.
        code: String,
        /// The message, at most 200 characters, withheld for data errors (class 22).
        message: String,
    },
    /// A success answer we could not read.
    #[error("Supabase REST {operation}: unreadable answer: {reason}")]
    Body {
        /// The call.
        operation: &'static str,
        /// What was wrong with it.
        reason: String,
    },
}

/// PostgREST's error body (`code`, `message`, `details`, `hint`); the gateway sends only
/// `message`. Every field is optional.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
}

/// What a failed answer means for the port: SQLSTATE first (the same table as the PostgreSQL
/// adapter's `repo_error`), then the HTTP status.
pub(crate) fn classify(operation: &'static str, status: StatusCode, body: &[u8]) -> RepoError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let code = parsed.code.as_deref().unwrap_or("-");
    let message = parsed.message.as_deref().unwrap_or_default();
    let constraint = quoted_after(message, "constraint ").unwrap_or_default();
    let table = quoted_after(message, "relation ").or_else(|| quoted_after(message, "table "));
    // An integrity error a SQL function raised itself names no constraint in its message.
    let raised = code.starts_with("23") && constraint.is_empty() && table.is_none();
    let entity = match entity_in_words(message) {
        Some(entity) if raised => entity,
        _ => entity_of(table, constraint),
    };
    match code {
        "23505" => RepoError::Conflict {
            entity,
            constraint: constraint.to_owned(),
        },
        "23503" if raised => RepoError::MissingReference { entity },
        "23503" => RepoError::MissingReference {
            entity: referenced_entity(constraint),
        },
        "23514" => RepoError::Invalid {
            entity,
            reason: format!("violates {constraint}"),
        },
        "23502" => RepoError::Invalid {
            entity,
            reason: format!(
                "{} is required",
                quoted_after(message, "column ").unwrap_or("a column")
            ),
        },
        "22001" => RepoError::Invalid {
            entity,
            reason: "a value is too long".to_owned(),
        },
        "22P02" => RepoError::Invalid {
            entity,
            reason: "a value has the wrong format".to_owned(),
        },
        _ if is_unavailable(code) => {
            RepoError::Unavailable(cause(operation, status, code, message))
        }
        // Any other SQLSTATE is what PostgreSQL would have said to the direct adapter: decided by
        // the code, not by PostgREST's status (it answers most of them with 500).
        _ if is_sqlstate(code) => RepoError::Internal(cause(operation, status, code, message)),
        // PostgREST's own `PGRST000`–`PGRST003` (no connection, pool timeout) come as 503/504,
        // the gateway's outages as 502–504 without a code.
        _ if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT => {
            RepoError::Unavailable(cause(operation, status, code, message))
        }
        _ => RepoError::Internal(cause(operation, status, code, message)),
    }
}

/// Connection exceptions, shutdowns, too many connections, cancelled statements, deadlocks and
/// serialization failures: the same set the PostgreSQL adapter calls unavailable.
fn is_unavailable(code: &str) -> bool {
    code.starts_with("08")
        || [
            "57P01", "57P02", "57P03", "53300", "57014", "40P01", "40001",
        ]
        .contains(&code)
}

/// Five digits or capitals, as PostgreSQL's error codes (`PGRST…` is PostgREST's own).
fn is_sqlstate(code: &str) -> bool {
    code.len() == 5
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

fn cause(operation: &'static str, status: StatusCode, code: &str, message: &str) -> Box<RestError> {
    let message = if code.starts_with("22") {
        "invalid data (message withheld: it may quote the input)".to_owned()
    } else {
        message.chars().take(200).collect()
    };
    Box::new(RestError::Status {
        operation,
        status: status.as_u16(),
        code: code.to_owned(),
        message,
    })
}

/// The double-quoted name right after `marker` in a PostgreSQL message, e.g. the constraint in
/// `duplicate key value violates unique constraint "accounts_pkey"` (PostgREST passes the
/// message on, but not the constraint or table fields of the error).
fn quoted_after<'a>(message: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &message[message.find(marker)? + marker.len()..];
    let rest = rest.strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// A request that got no answer: always `Unavailable` (the caller decides whether to retry).
pub(crate) fn transport(operation: &'static str, err: reqwest::Error) -> RepoError {
    let cause = transport_cause(err);
    RepoError::Unavailable(Box::new(RestError::Transport { operation, cause }))
}

/// A success answer whose body does not have the expected shape.
pub(crate) fn unreadable(operation: &'static str, reason: impl Into<String>) -> RepoError {
    RepoError::Internal(Box::new(RestError::Body {
        operation,
        reason: reason.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classify_json(status: u16, body: serde_json::Value) -> RepoError {
        let status = StatusCode::from_u16(status).unwrap();
        classify("test", status, body.to_string().as_bytes())
    }

    fn postgrest(status: u16, code: &str, message: &str) -> RepoError {
        classify_json(
            status,
            json!({"code": code, "message": message, "details": "Key (x)=(secret)", "hint": null}),
        )
    }

    #[test]
    fn integrity_errors_are_the_same_variants_as_on_postgres() {
        let got = postgrest(
            409,
            "23505",
            "duplicate key value violates unique constraint \"accounts_phone_number_id_key\"",
        );
        assert!(
            matches!(&got, RepoError::Conflict { entity: "account", constraint } if constraint == "accounts_phone_number_id_key"),
            "{got:?}"
        );
        let got = postgrest(
            409,
            "23503",
            "insert or update on table \"contacts\" violates foreign key constraint \"contacts_account_id_fkey\"",
        );
        assert!(
            matches!(got, RepoError::MissingReference { entity: "account" }),
            "{got:?}"
        );
        let got = postgrest(
            400,
            "23514",
            "new row for relation \"accounts\" violates check constraint \"accounts_name_check\"",
        );
        assert!(
            matches!(&got, RepoError::Invalid { entity: "account", reason } if reason == "violates accounts_name_check"),
            "{got:?}"
        );
        let got = postgrest(
            400,
            "23502",
            "null value in column \"name\" of relation \"accounts\" violates not-null constraint",
        );
        assert!(
            matches!(&got, RepoError::Invalid { entity: "account", reason } if reason == "name is required"),
            "{got:?}"
        );
        let got = postgrest(409, "23503", "conversation does not exist");
        assert!(
            matches!(
                got,
                RepoError::MissingReference {
                    entity: "conversation"
                }
            ),
            "{got:?}"
        );
        let got = postgrest(409, "23505", "message id already exists");
        assert!(
            matches!(
                got,
                RepoError::Conflict {
                    entity: "message",
                    ..
                }
            ),
            "{got:?}"
        );
        let got = postgrest(400, "22P02", "invalid input syntax for type uuid: \"x\"");
        assert!(matches!(got, RepoError::Invalid { .. }), "{got:?}");
    }

    #[test]
    fn outages_are_unavailable_and_the_rest_internal() {
        for (status, code) in [
            (503, "PGRST001"),
            (504, "PGRST003"),
            (500, "57014"),
            (500, "40001"),
            (503, "08006"),
        ] {
            let got = postgrest(status, code, "m");
            assert!(matches!(got, RepoError::Unavailable(_)), "{code}: {got:?}");
        }
        let got = classify("test", StatusCode::BAD_GATEWAY, b"<html>");
        assert!(matches!(got, RepoError::Unavailable(_)), "{got:?}");
        for (status, code) in [
            (404, "PGRST202"),
            (400, "42703"),
            (401, "PGRST301"),
            (500, "55P03"),
            (500, "XX000"),
        ] {
            let got = postgrest(status, code, "m");
            assert!(matches!(got, RepoError::Internal(_)), "{code}: {got:?}");
        }
    }

    #[test]
    fn causes_never_quote_data_errors() {
        let got = postgrest(400, "22023", "bad value +4915112345678");
        let text = format!("{:?}", got);
        assert!(!text.contains("4915"), "{text}");
    }
}
