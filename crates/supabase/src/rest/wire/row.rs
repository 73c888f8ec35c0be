//! A row read by column name, for the views whose columns several entities share (a summary
//! holds a conversation, its contact and its newest message).

use std::borrow::Cow;
use std::str::FromStr;

use inbox_schema::stored::{InvalidValue, StoredRow};
use serde::Deserialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Timestamp, WireError};

/// One JSON object of PostgREST's answer.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct JsonRow(Map<String, Value>);

impl JsonRow {
    /// The raw value of `column`; `null` when absent (a column not selected is a bug the
    /// typed readers below report).
    pub(crate) fn value(&self, column: &'static str) -> &Value {
        self.0.get(column).unwrap_or(&Value::Null)
    }

    /// `column` as `T`.
    pub(crate) fn get<'a, T: Deserialize<'a>>(
        &'a self,
        column: &'static str,
    ) -> Result<T, WireError> {
        T::deserialize(self.value(column)).map_err(|_| WireError {
            column,
            reason: format!("is not a {}", std::any::type_name::<T>()),
        })
    }

    /// `column`, a `timestamptz`.
    pub(crate) fn time(&self, column: &'static str) -> Result<OffsetDateTime, WireError> {
        self.get::<Timestamp>(column).map(|at| at.0)
    }

    /// `column`, a nullable `timestamptz`.
    pub(crate) fn time_opt(
        &self,
        column: &'static str,
    ) -> Result<Option<OffsetDateTime>, WireError> {
        Ok(self.get::<Option<Timestamp>>(column)?.map(|at| at.0))
    }

    /// `column`, a text parsed by `FromStr`.
    pub(crate) fn parsed<T: FromStr>(&self, column: &'static str) -> Result<T, WireError> {
        self.get::<&str>(column)?.parse().map_err(|_| WireError {
            column,
            reason: "has an unknown value".to_owned(),
        })
    }
}

impl From<InvalidValue> for WireError {
    fn from(error: InvalidValue) -> Self {
        Self {
            column: error.column,
            reason: error.reason,
        }
    }
}

/// The shared decoders read a JSON row by column name.
impl StoredRow for JsonRow {
    type Column = &'static str;
    type Error = WireError;

    fn name(column: &'static str) -> &'static str {
        column
    }

    fn uuid(&self, column: &'static str) -> Result<Uuid, WireError> {
        self.get(column)
    }

    fn uuid_opt(&self, column: &'static str) -> Result<Option<Uuid>, WireError> {
        self.get(column)
    }

    fn text(&self, column: &'static str) -> Result<&str, WireError> {
        self.get(column)
    }

    fn text_opt(&self, column: &'static str) -> Result<Option<&str>, WireError> {
        self.get(column)
    }

    fn texts(&self, column: &'static str) -> Result<Vec<String>, WireError> {
        self.get(column)
    }

    fn flag(&self, column: &'static str) -> Result<bool, WireError> {
        self.get(column)
    }

    fn int(&self, column: &'static str) -> Result<i32, WireError> {
        self.get(column)
    }

    fn bigint_opt(&self, column: &'static str) -> Result<Option<i64>, WireError> {
        self.get(column)
    }

    fn json(&self, column: &'static str) -> Result<Option<Cow<'_, Value>>, WireError> {
        Ok(match self.value(column) {
            Value::Null => None,
            value => Some(Cow::Borrowed(value)),
        })
    }

    fn time(&self, column: &'static str) -> Result<OffsetDateTime, WireError> {
        JsonRow::time(self, column)
    }

    fn time_opt(&self, column: &'static str) -> Result<Option<OffsetDateTime>, WireError> {
        JsonRow::time_opt(self, column)
    }
}
