//! A row read by column name, for the views whose columns several entities share (a summary
//! holds a conversation, its contact and its newest message).

use serde::Deserialize;
use serde_json::{Map, Value};
use std::str::FromStr;
use time::OffsetDateTime;

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

    /// `column`, a nullable text parsed by `FromStr`.
    pub(crate) fn parsed_opt<T: FromStr>(
        &self,
        column: &'static str,
    ) -> Result<Option<T>, WireError> {
        self.get::<Option<&str>>(column)?
            .map(|text| {
                text.parse().map_err(|_| WireError {
                    column,
                    reason: "has an unknown value".to_owned(),
                })
            })
            .transpose()
    }
}
