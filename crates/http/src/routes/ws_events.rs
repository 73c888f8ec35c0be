//! `GET /ws`: the caller's inbox events over a WebSocket.

use actix_web::{HttpRequest, HttpResponse, get, web};
use inbox_domain::ValidationError;

use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::realtime::{AgentStream, resume_from, run_session, stream_principal};
use crate::state::AppState;

/// The same events as `GET /events`, one JSON text message each (`{"id", "type", ...}`), with
/// pings as heartbeats. Resume with `last_event_id` (query) or `Last-Event-ID` (header).
#[utoipa::path(
    security(("bearer" = [])),
    tag = "realtime",
    params(
        ("last_event_id" = Option<String>, Query, description = "The last event id seen: the session replays the events after it"),
        ("Last-Event-ID" = Option<String>, Header, description = "The same, as a header"),
        ("access_token" = Option<String>, Query, description = "The bearer token, for browsers' `WebSocket` (which cannot send headers); the `Authorization` header wins"),
    ),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "Not a WebSocket upgrade request (`validation_failed` on `upgrade`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "A valid identity that is not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage or token keys unavailable", body = ErrorEnvelope),
    )
)]
#[get("/ws")]
pub async fn websocket_events(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let principal = stream_principal(&req, &state).await?;
    let (response, session, incoming) = actix_ws::handle(&req, body).map_err(|_| {
        ApiError::Validation(ValidationError::new(
            "upgrade",
            "GET /ws expects a WebSocket upgrade request",
        ))
    })?;
    let options = state.realtime.clone();
    let stream = AgentStream::new(options.feed.subscribe(resume_from(&req)), principal, "ws");
    actix_web::rt::spawn(run_session(session, incoming, stream, options));
    Ok(response)
}
