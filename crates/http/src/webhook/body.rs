//! Reading a webhook body whole: bounded before and while reading, with a deadline.

use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::web::{Bytes, Payload};

use crate::error::ApiError;

/// The raw body, at most `limit` bytes, arriving within `timeout`.
///
/// A declared `Content-Length` over the limit is refused before anything is read; a chunked
/// body is cut off as soon as it passes the limit.
///
/// # Errors
/// `PayloadTooLarge` past the limit, `BodyTimeout` when the body is too slow, `MalformedBody`
/// when the connection fails mid-body.
pub(crate) async fn read_limited(
    req: &HttpRequest,
    payload: Payload,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    match actix_web::rt::time::timeout(timeout, payload.to_bytes_limited(limit)).await {
        Err(_elapsed) => Err(ApiError::BodyTimeout),
        Ok(Err(_exceeded)) => Err(ApiError::PayloadTooLarge(limit)),
        Ok(Ok(Err(_broken))) => Err(ApiError::MalformedBody(
            "the body could not be read".to_owned(),
        )),
        Ok(Ok(Ok(body))) => Ok(body),
    }
}
