//! How this adapter reads a stored row for the shared decoders of `inbox_schema::stored`: by
//! column positions found once per result (`Col`), through the driver's binary decoding.

use std::borrow::Cow;

use inbox_schema::stored::{InvalidValue, StoredRow};
use serde_json::Value;
use time::OffsetDateTime;
use tokio_postgres::Row;
use uuid::Uuid;

use super::RowError;
use super::col::Col;

/// A driver row, read at columns found in its result.
pub(crate) struct Found<'r>(pub(crate) &'r Row);

impl From<InvalidValue> for RowError {
    fn from(error: InvalidValue) -> Self {
        Self::Value {
            column: error.column,
            reason: error.reason,
        }
    }
}

impl StoredRow for Found<'_> {
    type Column = Col;
    type Error = RowError;

    fn name(column: Col) -> &'static str {
        column.name()
    }

    fn uuid(&self, column: Col) -> Result<Uuid, RowError> {
        column.get(self.0)
    }

    fn uuid_opt(&self, column: Col) -> Result<Option<Uuid>, RowError> {
        column.get(self.0)
    }

    fn text(&self, column: Col) -> Result<&str, RowError> {
        column.get(self.0)
    }

    fn text_opt(&self, column: Col) -> Result<Option<&str>, RowError> {
        column.get(self.0)
    }

    fn texts(&self, column: Col) -> Result<Vec<String>, RowError> {
        column.get(self.0)
    }

    fn flag(&self, column: Col) -> Result<bool, RowError> {
        column.get(self.0)
    }

    fn int(&self, column: Col) -> Result<i32, RowError> {
        column.get(self.0)
    }

    fn bigint_opt(&self, column: Col) -> Result<Option<i64>, RowError> {
        column.get(self.0)
    }

    fn json(&self, column: Col) -> Result<Option<Cow<'_, Value>>, RowError> {
        // The driver builds the JSON value; it is handed over, not copied.
        Ok(column.get::<Option<Value>>(self.0)?.map(Cow::Owned))
    }

    fn time(&self, column: Col) -> Result<OffsetDateTime, RowError> {
        column.get(self.0)
    }

    fn time_opt(&self, column: Col) -> Result<Option<OffsetDateTime>, RowError> {
        column.get(self.0)
    }
}
