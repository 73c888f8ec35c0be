//! What the fake PostgREST records and can be told to do wrong.

use std::time::Duration;

use super::error::{ApiError, status_for_sqlstate};

/// Which requests a fault applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FaultTarget {
    /// Every request under `/rest/v1`.
    Any,
    /// Requests to this table or view.
    Relation(String),
    /// Calls of this function (`/rest/v1/rpc/<name>`).
    Rpc(String),
}

/// A scripted misbehaviour: wait `delay`, then answer `error` instead of running the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Answer this error (status, code) instead of the real answer.
    pub error: Option<(u16, String)>,
    /// Misbehave for this many requests, then behave (forever when `None`).
    pub times: Option<u32>,
}

impl Fault {
    /// Answer `status` with PostgREST's body and code `PGRST000` ("could not connect").
    pub fn status(status: u16) -> Self {
        Self {
            delay: None,
            error: Some((status, "PGRST000".to_owned())),
            times: None,
        }
    }

    /// Answer as PostgreSQL's `sqlstate` would make PostgREST answer (e.g. `40001` → 500).
    pub fn sqlstate(sqlstate: &str) -> Self {
        Self {
            delay: None,
            error: Some((status_for_sqlstate(sqlstate), sqlstate.to_owned())),
            times: None,
        }
    }

    /// Answer normally, after `delay`.
    pub const fn delay(delay: Duration) -> Self {
        Self {
            delay: Some(delay),
            error: None,
            times: None,
        }
    }

    /// The same fault for the next `times` matching requests only.
    #[must_use]
    pub const fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// The injected error answer, if any.
    pub(crate) fn answer(&self) -> Option<ApiError> {
        self.error
            .as_ref()
            .map(|(status, code)| ApiError::new(*status, code, "injected failure"))
    }
}

/// One request as the fake saw it (keys and tokens left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query, e.g. `/rest/v1/contacts`.
    pub path: String,
    /// The raw query string, empty when none.
    pub query: String,
    /// The `Prefer` header, if any.
    pub prefer: Option<String>,
    /// The status the fake answered.
    pub status: u16,
}
