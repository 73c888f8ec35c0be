//! `POST /webhook/whatsapp`: Meta's deliveries, checked and stored raw with one insert.

use actix_web::http::header::HeaderName;
use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhook::{DELIVERIES_ACCEPTED, read_limited};

/// Meta's signature header: HMAC-SHA256 of the raw body under the app secret.
const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-hub-signature-256");

/// Receives a webhook delivery. The raw body (4 MiB by default) is checked against
/// `X-Hub-Signature-256` under every connected account's app secret, stored as it is with one
/// insert (shared with the deliveries arriving at the same moment when batching is on: one
/// commit for all), and acknowledged with 200 once committed; workers apply it afterwards. Nothing is
/// stored when the signature is missing or wrong. Any other answer makes Meta retry. Called by
/// Meta, not by agents: the signature is its authentication, so this route will stay outside
/// user authentication when that arrives.
#[utoipa::path(
    tag = "webhooks",
    request_body(content = String, content_type = "application/json",
        description = "A WhatsApp Business Account webhook delivery, exactly as Meta signed it"),
    params(
        ("X-Hub-Signature-256" = String, Header, description = "`sha256=` and the HMAC-SHA256 of the body in lowercase hex"),
    ),
    responses(
        (status = 200, description = "Stored; it will be applied shortly"),
        (status = 400, description = "The connection failed mid-body (`malformed_body`)", body = ErrorEnvelope),
        (status = 401, description = "Signature missing, malformed or matching no app secret (`invalid_signature`); nothing stored", body = ErrorEnvelope),
        (status = 408, description = "The body arrived too slowly (`body_timeout`)", body = ErrorEnvelope),
        (status = 413, description = "Body over the limit (`payload_too_large`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable: not stored, Meta will retry", body = ErrorEnvelope),
    )
)]
#[post("/webhook/whatsapp")]
pub async fn receive_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let ingest = &state.webhooks;
    let options = &ingest.options;
    let body = read_limited(&req, payload, options.body_limit, options.body_timeout).await?;
    // A header that is not text cannot be a valid signature; an empty one is refused as malformed.
    let signature = req
        .headers()
        .get(SIGNATURE_HEADER)
        .map(|value| value.to_str().unwrap_or_default());
    ingest.authenticate(&body, signature).await?;
    let size_bytes = body.len();
    let id = ingest
        .store(&state.storage.webhooks, &state.enqueue_batcher, body.into())
        .await?;
    ingest.enqueued();
    metrics::counter!(DELIVERIES_ACCEPTED).increment(1);
    tracing::debug!(delivery.id = %id, size_bytes, "webhook delivery stored");
    Ok(HttpResponse::Ok().finish())
}
