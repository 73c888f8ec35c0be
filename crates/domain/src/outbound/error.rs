//! How a Graph API call failed, sorted into what the caller must do about it.

use std::fmt;
use std::time::Duration;
use thiserror::Error;

use crate::message::MetaError;

/// What is known about one failure: Meta's error object when there was one, the HTTP status
/// when a response came, or our description of a transport failure. `Debug` and `Display`
/// leave out `details` (Meta may quote parameter values there); read the field when needed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct GraphFailure {
    /// The HTTP status of the response, `None` when no response came.
    pub http_status: Option<u16>,
    /// Meta's `error.code`: what every decision is based on.
    pub code: Option<i64>,
    /// Meta's `error.error_subcode` (deprecated by Meta, kept for people).
    pub subcode: Option<i64>,
    /// Meta's `error.type`, e.g. `OAuthException`.
    pub error_type: Option<String>,
    /// Meta's `error.message`, or what went wrong on the way when Meta said nothing.
    pub title: String,
    /// Meta's `error.error_data.details`: the explanation to show a person.
    pub details: Option<String>,
    /// Meta's `error.fbtrace_id`, to quote to Meta's support.
    pub fbtrace_id: Option<String>,
    /// Meta's `error.is_transient`, when given.
    pub is_transient: Option<bool>,
}

impl GraphFailure {
    /// A failure with no response from Meta (connection, timeout, unreadable answer).
    pub fn transport(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Meta's error in the shape stored on a failed message, when Meta gave a code.
    pub fn to_meta_error(&self) -> Option<MetaError> {
        self.code.map(|code| MetaError {
            code,
            title: self.title.clone(),
            details: self.details.clone(),
        })
    }
}

impl fmt::Debug for GraphFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphFailure")
            .field("http_status", &self.http_status)
            .field("code", &self.code)
            .field("subcode", &self.subcode)
            .field("error_type", &self.error_type)
            .field("title", &self.title)
            .field("fbtrace_id", &self.fbtrace_id)
            .field("is_transient", &self.is_transient)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for GraphFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.http_status) {
            (Some(code), Some(status)) => {
                write!(f, "Meta error {code} (HTTP {status}): {}", self.title)
            }
            (Some(code), None) => write!(f, "Meta error {code}: {}", self.title),
            (None, Some(status)) => write!(f, "HTTP {status}: {}", self.title),
            (None, None) => f.write_str(&self.title),
        }
    }
}

/// The five things a caller can do about a failed Graph API call (`docs/whatsapp-cloud-api.md` §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// R: Meta proves it did not act; try again after the delay.
    Retryable,
    /// A: Meta may have acted (a send may have been accepted); never resend blindly.
    Ambiguous,
    /// W: the customer-service window is closed; only a template can be sent.
    WindowClosed,
    /// N: no retry can help; show Meta's error.
    Permanent,
    /// C: the token or the account is not usable; stop the account's sending and alert.
    Credentials,
}

impl ErrorClass {
    /// A stable snake_case label for metrics and logs.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Retryable => "retryable",
            Self::Ambiguous => "ambiguous",
            Self::WindowClosed => "window_closed",
            Self::Permanent => "permanent",
            Self::Credentials => "credentials",
        }
    }
}

/// A failed Graph API call, classified. Build it with [`super::classify`] (Meta's answers) or
/// the adapter's transport rules; every variant carries what is known in a [`GraphFailure`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GatewayError {
    /// Meta did not act (throughput `130429`, pair limit `131056`, app limits, maintenance,
    /// HTTP 429, a connection that failed before the request was sent, or a transient
    /// failure of a call that is safe to repeat). Retry after `retry_after` at the earliest.
    #[error("retryable: {failure}")]
    Retryable {
        /// What failed.
        failure: Box<GraphFailure>,
        /// The least delay before trying again.
        retry_after: Duration,
    },
    /// A send whose outcome is unknown (timeout after the request left, HTTP 5xx, `1`, `2`,
    /// `131000`, `131016`): Meta may have accepted it. Wait for a status webhook carrying our
    /// `biz_opaque_callback_data` before deciding to resend.
    #[error("ambiguous: {failure}")]
    Ambiguous {
        /// What failed.
        failure: Box<GraphFailure>,
    },
    /// `131047`: more than 24 hours since the customer's last message; send a template.
    #[error("window closed: {failure}")]
    WindowClosed {
        /// What failed.
        failure: Box<GraphFailure>,
    },
    /// Meta refused the call for good (bad parameter, undeliverable, template missing or
    /// paused, ...), or its answer could not be used.
    #[error("permanent: {failure}")]
    Permanent {
        /// What failed.
        failure: Box<GraphFailure>,
    },
    /// The token is invalid or lacks permission, or the number or account is not usable.
    #[error("credentials: {failure}")]
    Credentials {
        /// What failed.
        failure: Box<GraphFailure>,
    },
}

impl GatewayError {
    /// A retryable failure.
    pub fn retryable(failure: GraphFailure, retry_after: Duration) -> Self {
        Self::Retryable {
            failure: Box::new(failure),
            retry_after,
        }
    }

    /// An ambiguous failure (a send that Meta may have accepted).
    pub fn ambiguous(failure: GraphFailure) -> Self {
        Self::Ambiguous {
            failure: Box::new(failure),
        }
    }

    /// A permanent failure.
    pub fn permanent(failure: GraphFailure) -> Self {
        Self::Permanent {
            failure: Box::new(failure),
        }
    }

    /// Which of the five classes this is.
    pub const fn class(&self) -> ErrorClass {
        match self {
            Self::Retryable { .. } => ErrorClass::Retryable,
            Self::Ambiguous { .. } => ErrorClass::Ambiguous,
            Self::WindowClosed { .. } => ErrorClass::WindowClosed,
            Self::Permanent { .. } => ErrorClass::Permanent,
            Self::Credentials { .. } => ErrorClass::Credentials,
        }
    }

    /// What is known about the failure.
    pub fn failure(&self) -> &GraphFailure {
        match self {
            Self::Retryable { failure, .. }
            | Self::Ambiguous { failure }
            | Self::WindowClosed { failure }
            | Self::Permanent { failure }
            | Self::Credentials { failure } => failure,
        }
    }

    /// Meta's error code, when Meta gave one.
    pub fn code(&self) -> Option<i64> {
        self.failure().code
    }

    /// The least delay before a retry, for the retryable class only.
    pub const fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Retryable { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }
}
