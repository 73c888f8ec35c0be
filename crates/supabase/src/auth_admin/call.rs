//! One Auth admin call: send, read a bounded answer, classify a failure, log one line.

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, Response};

use inbox_domain::ports::IdentityError;

use super::errors::{classify, transport, unreadable};
use crate::round_trip::{Capped, Sent, read_capped, send_timed};

/// Largest answer read: a page of 1,000 users is about 2 MB.
const BODY_MAX: u64 = 8 * 1024 * 1024;

/// A successful answer.
pub(crate) struct Answer {
    /// The response headers (`X-Total-Count` for lists).
    pub(crate) headers: HeaderMap,
    /// The whole body.
    pub(crate) body: Vec<u8>,
}

/// Sends `request` for `operation` and returns a 2xx answer, or the classified failure.
/// Logs the outcome once, never the URL (it may hold an email), a body or a header.
pub(crate) async fn execute(
    operation: &'static str,
    request: RequestBuilder,
) -> Result<Answer, IdentityError> {
    let Sent {
        status,
        result,
        duration_ms,
    } = send_timed(
        request,
        |response| read(operation, response),
        |err| transport(operation, err),
    )
    .await;
    match &result {
        Ok(_) => tracing::debug!(
            supabase.operation = operation,
            http.status = status,
            duration_ms,
            "Supabase Auth call succeeded"
        ),
        // The caller's expected outcomes, not incidents.
        Err(
            IdentityError::NotFound | IdentityError::AlreadyExists | IdentityError::Rejected(_),
        ) => {
            tracing::debug!(
                supabase.operation = operation,
                http.status = status,
                duration_ms,
                "Supabase Auth call refused"
            );
        }
        Err(err) => tracing::warn!(
            supabase.operation = operation,
            http.status = status,
            duration_ms,
            error.cause_chain = ?err,
            "Supabase Auth call failed"
        ),
    }
    result
}

async fn read(operation: &'static str, response: Response) -> Result<Answer, IdentityError> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_capped(response, BODY_MAX)
        .await
        .map_err(|capped| match capped {
            Capped::Transport(err) => transport(operation, err),
            Capped::TooLarge => unreadable(operation, "answer larger than 8 MiB"),
        })?;
    if status.is_success() {
        Ok(Answer { headers, body })
    } else {
        Err(classify(operation, status, &headers, &body))
    }
}
