//! One Storage call: send, read a bounded answer, keep the failure for the caller to classify,
//! log one line.

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, Response};

use super::errors::{Failure, status_failure, transport};
use crate::round_trip::{Capped, Sent, read_capped, send_timed};

/// Largest error or JSON answer read (they are a few hundred bytes).
pub(crate) const SMALL_ANSWER_MAX: u64 = 64 * 1024;

/// A successful answer.
pub(crate) struct Answer {
    /// The response headers (`Content-Type` of a download).
    pub(crate) headers: HeaderMap,
    /// The whole body.
    pub(crate) body: Vec<u8>,
}

/// Sends `request` for `operation` and returns a 2xx answer of at most `body_max` bytes (a
/// larger one is `Failure::TooLarge`, and is not read further), or the failure.
/// Logs the outcome once: operation, bucket, status, duration; never the URL, a body or a
/// header (signed-URL tokens travel in bodies, keys in headers).
pub(crate) async fn execute(
    operation: &'static str,
    bucket: &str,
    request: RequestBuilder,
    body_max: u64,
) -> Result<Answer, Failure> {
    let Sent {
        status: http_status,
        result,
        duration_ms,
    } = send_timed(
        request,
        |response| read(operation, response, body_max),
        |err| transport(operation, err),
    )
    .await;
    let status = match &result {
        Ok(_) => http_status,
        Err(failure) => failure.status().or(http_status),
    };
    match &result {
        Ok(_) => tracing::debug!(
            supabase.operation = operation,
            storage.bucket = bucket,
            http.status = status,
            duration_ms,
            "Supabase Storage call succeeded"
        ),
        // A missing object and an oversized one are answers the caller expects.
        Err(
            Failure::Status {
                status: 404 | 413 | 415,
                ..
            }
            | Failure::TooLarge,
        ) => tracing::debug!(
            supabase.operation = operation,
            storage.bucket = bucket,
            http.status = status,
            duration_ms,
            "Supabase Storage call refused"
        ),
        Err(failure) => tracing::warn!(
            supabase.operation = operation,
            storage.bucket = bucket,
            http.status = status,
            duration_ms,
            error.cause_chain = ?failure,
            "Supabase Storage call failed"
        ),
    }
    result
}

async fn read(
    operation: &'static str,
    response: Response,
    body_max: u64,
) -> Result<Answer, Failure> {
    let status = response.status();
    let headers = response.headers().clone();
    let limit = if status.is_success() {
        body_max
    } else {
        SMALL_ANSWER_MAX
    };
    let oversized = || {
        if status.is_success() {
            Failure::TooLarge
        } else {
            // An error page we will not read whole still says what the status says.
            status_failure(operation, status, b"")
        }
    };
    let body = read_capped(response, limit)
        .await
        .map_err(|capped| match capped {
            Capped::Transport(err) => transport(operation, err),
            Capped::TooLarge => oversized(),
        })?;
    if status.is_success() {
        Ok(Answer { headers, body })
    } else {
        Err(status_failure(operation, status, &body))
    }
}
