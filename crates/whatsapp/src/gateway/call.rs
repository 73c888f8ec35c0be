//! One Graph API call: send, read a bounded answer, turn failures into classified errors, log.

use inbox_domain::outbound::{CallKind, GatewayError, GraphFailure, TRANSIENT_DELAY, classify};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{RequestBuilder, Response};
use serde_json::Value;
use std::error::Error as _;
use std::time::{Duration, Instant};

/// Largest JSON answer we read (template pages are the biggest, far below this).
pub(crate) const JSON_BODY_MAX: u64 = 4 * 1024 * 1024;

/// What is being done, for classification and logs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op<'a> {
    /// A stable name for logs, e.g. `send`, `media_url`.
    pub(crate) name: &'static str,
    /// Whether repeating it is harmless.
    pub(crate) call: CallKind,
    /// The business number acting (Meta's id, not personal data).
    pub(crate) phone_number_id: &'a str,
}

/// Sends `request` and returns the whole answer of a 2xx response, or the classified failure.
/// Logs the outcome once: never the URL, the token or a body.
pub(crate) async fn execute(op: Op<'_>, request: RequestBuilder) -> Result<Vec<u8>, GatewayError> {
    let started = Instant::now();
    let result = run(op, request).await;
    log(op, result.as_ref().map(|_| ()), started.elapsed());
    result
}

async fn run(op: Op<'_>, request: RequestBuilder) -> Result<Vec<u8>, GatewayError> {
    let response = request
        .send()
        .await
        .map_err(|err| transport(op.call, err))?;
    let status = response.status();
    let retry_after = retry_after(response.headers());
    let body = read_capped(response, JSON_BODY_MAX)
        .await
        .map_err(|failure| match failure {
            Capped::Transport(err) => transport(op.call, err),
            Capped::TooLarge => after_sent(op.call, GraphFailure::transport("answer too large")),
        })?;
    if status.is_success() {
        return Ok(body);
    }
    Err(classify(
        op.call,
        meta_failure(status.as_u16(), &body),
        retry_after,
    ))
}

/// Logs a finished call (also used by media downloads, which read their own body).
pub(crate) fn log(op: Op<'_>, result: Result<(), &GatewayError>, elapsed: Duration) {
    let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(()) => tracing::debug!(
            graph.operation = op.name,
            wa.phone_number_id = op.phone_number_id,
            duration_ms,
            "Graph API call succeeded"
        ),
        Err(err) => {
            let failure = err.failure();
            tracing::warn!(
                graph.operation = op.name,
                wa.phone_number_id = op.phone_number_id,
                error.class = err.class().label(),
                meta.code = failure.code,
                meta.subcode = failure.subcode,
                meta.fbtrace_id = failure.fbtrace_id.as_deref(),
                http.status = failure.http_status,
                duration_ms,
                error.message = %failure.title,
                "Graph API call failed"
            );
        }
    }
}

/// A failure without a usable answer: before the request was sent it is retryable; after,
/// ambiguous for a send and retryable otherwise. The description never carries the URL.
pub(crate) fn transport(call: CallKind, err: reqwest::Error) -> GatewayError {
    let (connect, builder, timeout) = (err.is_connect(), err.is_builder(), err.is_timeout());
    let cause = describe(err);
    if connect {
        let failure = GraphFailure::transport(format!(
            "connection failed before the request was sent: {cause}"
        ));
        return GatewayError::retryable(failure, TRANSIENT_DELAY);
    }
    if builder {
        let failure = GraphFailure::transport(format!("request could not be built: {cause}"));
        return GatewayError::permanent(failure);
    }
    let what = if timeout {
        "timed out after the request was sent"
    } else {
        "failed after the request was sent"
    };
    after_sent(call, GraphFailure::transport(format!("{what}: {cause}")))
}

/// The class of a failure once the request may have reached Meta.
pub(crate) fn after_sent(call: CallKind, failure: GraphFailure) -> GatewayError {
    match call {
        CallKind::Send => GatewayError::ambiguous(failure),
        CallKind::Repeatable => GatewayError::retryable(failure, TRANSIENT_DELAY),
    }
}

/// The error and its causes, without the URL (`without_url`), so query strings never leak.
fn describe(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Meta's error object from an error answer, or what the HTTP status alone says.
pub(crate) fn meta_failure(http_status: u16, body: &[u8]) -> GraphFailure {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let Some(error) = parsed
        .as_ref()
        .map(|v| &v["error"])
        .filter(|e| e.is_object())
    else {
        return GraphFailure {
            http_status: Some(http_status),
            ..GraphFailure::transport(format!("HTTP {http_status} without a Graph API error body"))
        };
    };
    let text = |value: &Value| value.as_str().map(str::to_owned);
    GraphFailure {
        http_status: Some(http_status),
        code: error["code"].as_i64(),
        subcode: error["error_subcode"].as_i64(),
        error_type: text(&error["type"]),
        title: text(&error["message"]).unwrap_or_else(|| "(no message)".to_owned()),
        details: text(&error["error_data"]["details"]),
        fbtrace_id: text(&error["fbtrace_id"]),
        is_transient: error["is_transient"].as_bool(),
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// Why a body could not be read whole.
pub(crate) enum Capped {
    /// The connection failed while reading.
    Transport(reqwest::Error),
    /// More than the cap arrived.
    TooLarge,
}

/// Reads the body chunk by chunk, giving up as soon as it exceeds `cap` bytes.
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
