//! One HTTP round trip to Supabase, as the Auth admin, REST and Storage callers all make it: a
//! timed send, a body read under a cap, and a transport failure's cause without the URL.

use std::future::Future;
use std::time::Instant;

use reqwest::{RequestBuilder, Response};

/// What one round trip gave: the HTTP status (`None` when no answer came), the outcome `read`
/// made of the answer (or `transport` of the failed send), and how long it all took.
pub(crate) struct Sent<T, E> {
    /// The answer's status code.
    pub(crate) status: Option<u16>,
    /// The answer as read, or the failure.
    pub(crate) result: Result<T, E>,
    /// Send and read together, in milliseconds.
    pub(crate) duration_ms: u64,
}

/// Sends `request`, then reads the answer with `read`; a send that got no answer becomes
/// `transport` of its error.
pub(crate) async fn send_timed<T, E, R, Fut>(
    request: RequestBuilder,
    read: R,
    transport: impl FnOnce(reqwest::Error) -> E,
) -> Sent<T, E>
where
    R: FnOnce(Response) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let started = Instant::now();
    let (status, result) = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            (Some(status), read(response).await)
        }
        Err(err) => (None, Err(transport(err))),
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Sent {
        status,
        result,
        duration_ms,
    }
}

/// Why a body could not be read whole.
pub(crate) enum Capped {
    /// The connection failed while reading.
    Transport(reqwest::Error),
    /// The answer announced or sent more than the cap.
    TooLarge,
}

/// Reads the body chunk by chunk, giving up as soon as it exceeds `cap` bytes (at once when
/// its announced length does).
pub(crate) async fn read_capped(mut response: Response, cap: u64) -> Result<Vec<u8>, Capped> {
    if response.content_length().is_some_and(|length| length > cap) {
        return Err(Capped::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Capped::Transport)? {
        if (body.len() + chunk.len()) as u64 > cap {
            return Err(Capped::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The error and its sources as one line, without the URL (its query may hold ids, emails or
/// phone numbers).
pub(crate) fn transport_cause(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut cause = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(inner) = source {
        cause.push_str(": ");
        cause.push_str(&inner.to_string());
        source = inner.source();
    }
    cause
}
