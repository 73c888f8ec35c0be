//! `GET /events`: the caller's inbox events as server-sent events.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::dto::ErrorEnvelope;
use crate::error::ApiError;
use crate::realtime::{AgentStream, resume_from, sse_body, stream_principal};
use crate::state::AppState;

/// The events of every account where the caller holds `conversations.read`, as they happen:
/// `id:`, `event:` (the type) and `data:` (the event as JSON, ids only, never content) per event,
/// a `: heartbeat` comment while idle. Reconnecting with `Last-Event-ID` replays what was missed,
/// or starts with a `resync` event when the server no longer holds it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "realtime",
    params(
        ("Last-Event-ID" = Option<String>, Header, description = "The last event id seen: the stream replays the events after it"),
        ("last_event_id" = Option<String>, Query, description = "The same, when the header cannot be set"),
        ("access_token" = Option<String>, Query, description = "The bearer token, for browsers' `EventSource` (which cannot send headers); the `Authorization` header wins"),
    ),
    responses(
        (status = 200, description = "The event stream (`text/event-stream`)", content_type = "text/event-stream", body = String),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "A valid identity that is not a user of this inbox (`no_access`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage or token keys unavailable", body = ErrorEnvelope),
    )
)]
#[get("/events")]
pub async fn stream_events(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let principal = stream_principal(&req, &state).await?;
    let options = &state.realtime;
    let stream = AgentStream::new(options.feed.subscribe(resume_from(&req)), principal, "sse");
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/event-stream"))
        .insert_header((CACHE_CONTROL, "no-cache"))
        // Reverse proxies (nginx) must pass events on at once, not buffer them.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(sse_body(stream, options)))
}
