//! Stored rows of the views in `migrations/` made into domain values, once for both storage
//! adapters: each adapter says how it reads one column (`StoredRow`), this module says which
//! columns make which value and which stored values are broken.

mod contact;
mod conversation;
mod json;
mod message;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use inbox_domain::ValidationError;
use serde_json::Value;
use thiserror::Error;
use time::OffsetDateTime;
use uuid::Uuid;

pub use contact::{CONTACT, CardColumns, ContactColumns, SUMMARY_CARD, contact, contact_card};
pub use conversation::{
    CONVERSATION, ConversationColumns, SUMMARY, SummaryColumns, conversation, summary,
};
pub use message::{LAST_MESSAGE, MESSAGE, MessageColumns, message};

/// A stored value that breaks a rule of the domain: a broken schema or a bug, never the
/// client's fault, so it names the column and the rule but never the value (personal data).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("stored {column} is not valid: {reason}")]
pub struct InvalidValue {
    /// Column name.
    pub column: &'static str,
    /// The rule (never the value).
    pub reason: String,
}

impl InvalidValue {
    /// `column` breaks `reason`.
    pub fn new(column: &'static str, reason: impl Into<String>) -> Self {
        Self {
            column,
            reason: reason.into(),
        }
    }
}

/// How an adapter reads the columns of one stored row (a driver row, a JSON object): the part
/// each adapter does its own way. A column that is missing or has another type is the
/// adapter's own error; SQL NULL reads as `None`.
pub trait StoredRow {
    /// How a column is addressed: its name, or where it was found in the result.
    type Column: Copy;
    /// A failed read, which an [`InvalidValue`] also is.
    type Error: From<InvalidValue>;

    /// The column's name, for errors.
    fn name(column: Self::Column) -> &'static str;
    /// A `uuid` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not a UUID.
    fn uuid(&self, column: Self::Column) -> Result<Uuid, Self::Error>;
    /// A nullable `uuid` column.
    ///
    /// # Errors
    /// The column is missing or not a UUID.
    fn uuid_opt(&self, column: Self::Column) -> Result<Option<Uuid>, Self::Error>;
    /// A `text` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not text.
    fn text(&self, column: Self::Column) -> Result<&str, Self::Error>;
    /// A nullable `text` column.
    ///
    /// # Errors
    /// The column is missing or not text.
    fn text_opt(&self, column: Self::Column) -> Result<Option<&str>, Self::Error>;
    /// A `text[]` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not an array of text.
    fn texts(&self, column: Self::Column) -> Result<Vec<String>, Self::Error>;
    /// A `boolean` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not a boolean.
    fn flag(&self, column: Self::Column) -> Result<bool, Self::Error>;
    /// An `integer` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not a 32-bit integer.
    fn int(&self, column: Self::Column) -> Result<i32, Self::Error>;
    /// A nullable `bigint` column.
    ///
    /// # Errors
    /// The column is missing or not a 64-bit integer.
    fn bigint_opt(&self, column: Self::Column) -> Result<Option<i64>, Self::Error>;
    /// A nullable `jsonb` column; JSON `null` may read as `None` too.
    ///
    /// # Errors
    /// The column is missing or not JSON.
    fn json(&self, column: Self::Column) -> Result<Option<Cow<'_, Value>>, Self::Error>;
    /// A `timestamptz` column.
    ///
    /// # Errors
    /// The column is missing, NULL or not a time.
    fn time(&self, column: Self::Column) -> Result<OffsetDateTime, Self::Error>;
    /// A nullable `timestamptz` column.
    ///
    /// # Errors
    /// The column is missing or not a time.
    fn time_opt(&self, column: Self::Column) -> Result<Option<OffsetDateTime>, Self::Error>;
}

/// A text column read through a domain parser.
fn parsed<R: StoredRow, T>(
    row: &R,
    column: R::Column,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, R::Error> {
    parser(row.text(column)?).map_err(|e| InvalidValue::new(R::name(column), e.reason).into())
}

/// A nullable text column read through a domain parser.
fn parsed_opt<R: StoredRow, T>(
    row: &R,
    column: R::Column,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<Option<T>, R::Error> {
    row.text_opt(column)?
        .map(parser)
        .transpose()
        .map_err(|e| InvalidValue::new(R::name(column), e.reason).into())
}
