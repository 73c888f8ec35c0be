//! Rows as PostgREST sends them (JSON), mapped to the domain; a stored value that does not
//! parse is a broken schema or a bug, so it maps to `RepoError::Internal` without the value.

use serde::Deserialize;
use thiserror::Error;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use inbox_domain::{Cursor, RepoError, ValidationError};

mod access;
mod account;
mod contact;
mod conversation;
mod message;
mod outbox;
mod row;
mod template;

pub(crate) use access::{ROLE_COLUMNS, USER_COLUMNS, access_record, invitation, role, user};
pub(crate) use account::{ACCOUNT_COLUMNS, AccountRow};
pub(crate) use contact::{CONTACT_COLUMNS, contact};
pub(crate) use conversation::{CONVERSATION_COLUMNS, SUMMARY_COLUMNS, conversation, summary};
pub(crate) use message::{MESSAGE, MESSAGE_COLUMNS, message};
pub(crate) use outbox::{CLAIM_COLUMNS, JOB_RECORD_COLUMNS, claimed_job, job_record};
pub(crate) use row::JsonRow;
pub(crate) use template::{MEDIA_COLUMNS, TEMPLATE_COLUMNS, header_media, template};

/// A row that does not match what the code expects.
#[derive(Debug, Error)]
#[error("stored {column} is not valid: {reason}")]
pub(crate) struct WireError {
    /// Column name.
    pub(crate) column: &'static str,
    /// The rule (never the value).
    pub(crate) reason: String,
}

impl From<WireError> for RepoError {
    fn from(error: WireError) -> Self {
        Self::Internal(Box::new(error))
    }
}

/// Reads a stored text through a domain parser.
pub(crate) fn parse<T>(
    column: &'static str,
    text: &str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, WireError> {
    parser(text).map_err(|e| WireError {
        column,
        reason: e.reason,
    })
}

/// A `timestamptz` as PostgreSQL writes it in JSON (`2026-01-02T03:04:05.123456+00:00`), in UTC.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timestamp(pub(crate) OffsetDateTime);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OffsetDateTime::parse(&text, &Rfc3339)
            .map(|at| Self(at.to_offset(time::UtcOffset::UTC)))
            .map_err(|_| serde::de::Error::custom("a timestamptz that is not RFC 3339"))
    }
}

/// A time as a PostgREST filter value or JSON argument: RFC 3339, UTC.
///
/// # Errors
/// `Internal` for a year outside 0000–9999, which RFC 3339 cannot write (no time the domain
/// makes).
pub(crate) fn timestamp(at: OffsetDateTime) -> Result<String, RepoError> {
    at.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .map_err(|e| RepoError::Internal(Box::new(e)))
}

/// The keyset arguments every list takes after its owner: the cursor, or before everything
/// (`'infinity'` and the max UUID, as the PostgreSQL adapter passes them).
pub(crate) fn keyset(cursor: Option<Cursor>) -> Result<(String, Uuid), RepoError> {
    Ok(match cursor {
        Some(cursor) => (timestamp(cursor.at)?, cursor.id),
        None => ("infinity".to_owned(), Uuid::max()),
    })
}

/// Maps every row, failing on the first that does not parse.
pub(crate) fn all<R, T>(
    rows: Vec<R>,
    map: impl Fn(R) -> Result<T, WireError>,
) -> Result<Vec<T>, RepoError> {
    Ok(rows.into_iter().map(map).collect::<Result<_, _>>()?)
}
