//! The one translation from driver and pool errors to the domain's `RepoError`.

use std::time::Duration;

use deadpool_postgres::PoolError;
use inbox_domain::RepoError;
use inbox_schema::{entity_of, referenced_entity};
use thiserror::Error;
use tokio_postgres::error::{DbError, SqlState};

/// A server error without its DETAIL and HINT (they quote row values: phone numbers, names,
/// bodies) and, for data errors, without its message (which quotes the rejected input).
#[derive(Debug, Error)]
#[error("PostgreSQL error {code}{}{}: {message}", on(" on", .table.as_deref()), on(" constraint", .constraint.as_deref()))]
pub struct RedactedDbError {
    /// SQLSTATE.
    pub code: String,
    /// The server's primary message, or a placeholder for data errors.
    pub message: String,
    /// The table, when the server names one.
    pub table: Option<String>,
    /// The constraint, when the server names one.
    pub constraint: Option<String>,
}

fn on(label: &str, value: Option<&str>) -> String {
    value.map(|v| format!("{label} {v}")).unwrap_or_default()
}

impl From<&DbError> for RedactedDbError {
    fn from(db: &DbError) -> Self {
        let code = db.code().code().to_owned();
        let message = if code.starts_with("22") {
            "invalid data (message withheld: it may quote the input)".to_owned()
        } else {
            db.message().to_owned()
        };
        Self {
            code,
            message,
            table: db.table().map(str::to_owned),
            constraint: db.constraint().map(str::to_owned),
        }
    }
}

/// A statement that ran past the configured statement timeout and was cancelled.
#[derive(Debug, Error)]
#[error("statement cancelled after {0:?}")]
pub struct StatementTimeout(pub Duration);

/// Maps a driver error: SQLSTATE first, then the transport.
pub(crate) fn from_pg(error: tokio_postgres::Error) -> RepoError {
    if let Some(db) = error.as_db_error() {
        return from_db(db);
    }
    let transport = error.is_closed()
        || std::error::Error::source(&error).is_some_and(|s| s.is::<std::io::Error>());
    if transport {
        RepoError::Unavailable(Box::new(error))
    } else {
        RepoError::Internal(Box::new(error))
    }
}

/// Maps a failed pool checkout: every way of not getting a connection is `Unavailable`.
pub(crate) fn from_pool(error: PoolError) -> RepoError {
    match error {
        PoolError::Timeout(_) | PoolError::Closed | PoolError::Backend(_) => {
            RepoError::Unavailable(Box::new(error))
        }
        PoolError::NoRuntimeSpecified | PoolError::PostCreateHook(_) => {
            RepoError::Internal(Box::new(error))
        }
    }
}

/// A statement cancelled by our client-side deadline.
pub(crate) fn timed_out(after: Duration) -> RepoError {
    RepoError::Unavailable(Box::new(StatementTimeout(after)))
}

fn from_db(db: &DbError) -> RepoError {
    let code = db.code();
    let constraint = db.constraint().unwrap_or_default();
    let entity = entity_of(db.table(), constraint);
    if *code == SqlState::UNIQUE_VIOLATION {
        RepoError::Conflict {
            entity,
            constraint: constraint.to_owned(),
        }
    } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
        RepoError::MissingReference {
            entity: referenced_entity(constraint),
        }
    } else if *code == SqlState::CHECK_VIOLATION {
        RepoError::Invalid {
            entity,
            reason: format!("violates {constraint}"),
        }
    } else if *code == SqlState::NOT_NULL_VIOLATION {
        let column = db.column().unwrap_or("a column");
        RepoError::Invalid {
            entity,
            reason: format!("{column} is required"),
        }
    } else if *code == SqlState::STRING_DATA_RIGHT_TRUNCATION {
        RepoError::Invalid {
            entity,
            reason: "a value is too long".to_owned(),
        }
    } else if *code == SqlState::INVALID_TEXT_REPRESENTATION {
        RepoError::Invalid {
            entity,
            reason: "a value has the wrong format".to_owned(),
        }
    } else if is_unavailable(code) {
        RepoError::Unavailable(Box::new(RedactedDbError::from(db)))
    } else {
        RepoError::Internal(Box::new(RedactedDbError::from(db)))
    }
}

/// Connection exceptions (class 08), shutdowns and refused logins, too many connections,
/// statements cancelled by a timeout: the store is (momentarily) out of reach. A deadlock or
/// serialization failure rolled the statement back whole: it may be retried as well.
fn is_unavailable(code: &SqlState) -> bool {
    code.code().starts_with("08")
        || [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::QUERY_CANCELED,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::T_R_SERIALIZATION_FAILURE,
        ]
        .contains(code)
}
