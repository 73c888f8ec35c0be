//! Unit tests of the outbound values: Meta's limits and the error classification table.

mod classify;
mod content;
mod interactive;
mod template;

use crate::error::ValidationError;

/// Asserts that `result` is a rejection naming `field`.
#[track_caller]
fn rejects<T: std::fmt::Debug>(result: Result<T, ValidationError>, field: &str) {
    match result {
        Err(err) => assert_eq!(err.field, field, "wrong field in {err}"),
        Ok(value) => panic!("expected a rejection of {field}, got {value:?}"),
    }
}
