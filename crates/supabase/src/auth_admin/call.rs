//! One Auth admin call: send, read a bounded answer, classify a failure, log one line.

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, Response};
use std::time::Instant;

use inbox_domain::ports::IdentityError;

use super::errors::{classify, transport, unreadable};

/// Largest answer read: a page of 1,000 users is about 2 MB.
const BODY_MAX: usize = 8 * 1024 * 1024;

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
    let started = Instant::now();
    let (status, result) = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            (Some(status), read(operation, response).await)
        }
        Err(err) => (None, Err(transport(operation, err))),
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
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

async fn read(operation: &'static str, mut response: Response) -> Result<Answer, IdentityError> {
    let status = response.status();
    let headers = response.headers().clone();
    if response
        .content_length()
        .is_some_and(|length| length > BODY_MAX as u64)
    {
        return Err(unreadable(operation, "answer larger than 8 MiB"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| transport(operation, err))?
    {
        if body.len() + chunk.len() > BODY_MAX {
            return Err(unreadable(operation, "answer larger than 8 MiB"));
        }
        body.extend_from_slice(&chunk);
    }
    if status.is_success() {
        Ok(Answer { headers, body })
    } else {
        Err(classify(operation, status, &headers, &body))
    }
}
