//! `GET /webhook/whatsapp`: Meta's subscription handshake.

use actix_web::http::header::{self, ContentType, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhook::HubQuery;

/// Answers Meta's subscription check: when `hub.mode` is `subscribe` and `hub.verify_token` is
/// the verify token of any connected account (compared in constant time), echoes `hub.challenge`
/// byte for byte as `text/plain`; otherwise 403. Called by Meta, not by agents: this route will
/// stay unauthenticated when user authentication arrives.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("hub.mode" = String, Query, description = "Must be `subscribe`"),
        ("hub.verify_token" = String, Query, description = "An account's verify token"),
        ("hub.challenge" = String, Query, description = "Echoed back on success"),
    ),
    responses(
        (status = 200, description = "The challenge, byte for byte", body = String, content_type = "text/plain"),
        (status = 403, description = "Wrong mode, unknown token or no challenge (`verification_refused`)", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable and no credentials cached", body = ErrorEnvelope),
    )
)]
#[get("/webhook/whatsapp")]
pub async fn verify_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = HubQuery::parse(req.query_string());
    let (Some(b"subscribe"), Some(token), Some(challenge)) = (
        query.mode.as_deref(),
        query.verify_token.as_deref(),
        query.challenge,
    ) else {
        return Err(ApiError::VerificationRefused);
    };
    // A token that is not UTF-8 cannot equal a stored one; compare an empty token instead, which
    // matches nothing, so every refusal takes the same path.
    let token = std::str::from_utf8(token).unwrap_or_default();
    if !state.webhooks.token_matches(token).await? {
        tracing::warn!("webhook verification refused: unknown verify token");
        return Err(ApiError::VerificationRefused);
    }
    tracing::info!("webhook subscription verified");
    Ok(HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .body(challenge))
}
