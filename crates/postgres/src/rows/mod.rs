//! Row → domain mapping, one function per entity; the views' rows decode through the shared
//! `inbox_schema::stored` at columns found once per result. A stored value that does not parse
//! is a broken schema or a bug, so it maps to `RepoError::Internal` without quoting the value.

mod col;
mod found;
mod position;

use std::cell::OnceCell;

pub(crate) use inbox_schema::stored::{CONTACT, MESSAGE};

use col::Col;
use found::Found;
use inbox_domain::{
    Account, AccountId, Contact, Conversation, ConversationSummary, DisplayPhoneNumber, Message,
    PhoneNumberId, RepoError, ValidationError, WabaId,
};
use inbox_schema::stored::{CONVERSATION, ContactColumns, MessageColumns, SUMMARY};
use secrecy::SecretString;
use thiserror::Error;
use tokio_postgres::Row;
use tokio_postgres::types::FromSql;

/// A row that does not match what the code expects.
#[derive(Debug, Error)]
pub enum RowError {
    /// The column is missing or has another type.
    #[error("reading column {column}")]
    Column {
        /// Column name.
        column: &'static str,
        /// The driver's complaint.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The stored value breaks a rule of the domain.
    #[error("stored {column} is not valid: {reason}")]
    Value {
        /// Column name.
        column: &'static str,
        /// The rule (never the value).
        reason: String,
    },
}

impl From<RowError> for RepoError {
    fn from(error: RowError) -> Self {
        Self::Internal(Box::new(error))
    }
}

/// Reads one column, found by name once per statement (`position`).
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, column: &'static str) -> Result<T, RowError> {
    match position::position(row, column) {
        Some(index) => row.try_get(index),
        // No such column: the driver's own lookup says so.
        None => row.try_get(column),
    }
    .map_err(|source| RowError::Column { column, source })
}

/// Reads a text column through a domain parser.
fn parse<T>(
    row: &Row,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, RowError> {
    let text: &str = get(row, column)?;
    parser(text).map_err(|e| invalid(column, e.reason))
}

fn invalid(column: &'static str, reason: impl Into<String>) -> RowError {
    RowError::Value {
        column,
        reason: reason.into(),
    }
}

/// An `accounts` row (every column of `accounts::COLUMNS`).
pub(crate) fn account(row: &Row) -> Result<Account, RowError> {
    let secret = |column| get::<String>(row, column).map(SecretString::from);
    Ok(Account {
        id: AccountId::from_uuid(get(row, "id")?),
        name: get(row, "name")?,
        phone_number_id: parse(row, "phone_number_id", PhoneNumberId::parse)?,
        waba_id: parse(row, "waba_id", WabaId::parse)?,
        display_phone_number: parse(row, "display_phone_number", DisplayPhoneNumber::parse)?,
        access_token: secret("access_token")?,
        app_secret: secret("app_secret")?,
        verify_token: secret("verify_token")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// A contact, from a `contacts` row ([`CONTACT`]) or the contact part of a summary row.
pub(crate) fn contact(row: &Row, at: &ContactColumns) -> Result<Contact, RowError> {
    let at = at.locate(|name| Col::find(row, name))?;
    inbox_schema::stored::contact(&Found(row), &at)
}

/// A conversation, from a `conversations` row or the conversation part of a summary row.
pub(crate) fn conversation(row: &Row) -> Result<Conversation, RowError> {
    let at = CONVERSATION.locate(|name| Col::find(row, name))?;
    inbox_schema::stored::conversation(&Found(row), &at)
}

/// A message from the columns `at` names ([`MESSAGE`] for an `inbox_messages` row).
pub(crate) fn message(row: &Row, at: &MessageColumns) -> Result<Message, RowError> {
    let at = at.locate(|name| Col::find(row, name))?;
    inbox_schema::stored::message(&Found(row), &at)
}

/// An `inbox_conversation_summaries` row: the conversation, its contact, its newest message
/// (the `lm_*` columns, absent when the conversation is empty).
pub(crate) fn summary(row: &Row) -> Result<ConversationSummary, RowError> {
    let at = SUMMARY.locate(|name| Col::find(row, name))?;
    inbox_schema::stored::summary(&Found(row), &at)
}

/// The summary reader for the rows of one result: it finds the columns on the first row and
/// reuses their positions for the others.
pub(crate) fn summaries() -> impl Fn(&Row) -> Result<ConversationSummary, RowError> {
    let at = OnceCell::new();
    move |row| {
        let at = found(&at, row, |row| SUMMARY.locate(|name| Col::find(row, name)))?;
        inbox_schema::stored::summary(&Found(row), at)
    }
}

/// The message reader for the rows of one result with the columns `columns` names (see
/// [`summaries`]).
pub(crate) fn messages(
    columns: &'static MessageColumns,
) -> impl Fn(&Row) -> Result<Message, RowError> {
    let at = OnceCell::new();
    move |row| {
        let at = found(&at, row, |row| columns.locate(|name| Col::find(row, name)))?;
        inbox_schema::stored::message(&Found(row), at)
    }
}

/// The positions in `cell`, found in `row` the first time.
fn found<'c, T>(
    cell: &'c OnceCell<T>,
    row: &Row,
    find: impl FnOnce(&Row) -> Result<T, RowError>,
) -> Result<&'c T, RowError> {
    if let Some(at) = cell.get() {
        return Ok(at);
    }
    let at = find(row)?;
    Ok(cell.get_or_init(|| at))
}
