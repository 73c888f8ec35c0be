//! Where a reconnecting client resumes: the `Last-Event-ID` header (what `EventSource` sends),
//! else the `last_event_id` query parameter (WebSocket clients cannot always set headers).

use actix_web::HttpRequest;
use actix_web::web::Query;
use inbox_domain::ports::{EventPosition, ResumeFrom};
use serde::Deserialize;

/// The query parameters the stream routes read; any other is ignored.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct StreamQuery {
    /// A bearer token, for browsers (see `RealtimeOptions::query_token`).
    pub(crate) access_token: Option<String>,
    /// The last event id the client saw.
    pub(crate) last_event_id: Option<String>,
}

impl StreamQuery {
    /// The request's stream parameters; an unreadable query string counts as none.
    pub(crate) fn of(req: &HttpRequest) -> Self {
        Query::<Self>::from_query(req.query_string())
            .map(Query::into_inner)
            .unwrap_or_default()
    }
}

/// Where the request's stream starts: after its last event id, or now when it sent none.
pub(crate) fn resume_from(req: &HttpRequest) -> ResumeFrom {
    let header = req
        .headers()
        .get("last-event-id")
        .map(|value| value.to_str().map(str::to_owned));
    let id = match header {
        Some(Ok(id)) => Some(id),
        // A header that is not even text cannot be an id of ours.
        Some(Err(_)) => return ResumeFrom::Unreadable,
        None => StreamQuery::of(req).last_event_id,
    };
    match id.as_deref().map(str::trim) {
        None | Some("") => ResumeFrom::Now,
        Some(id) => id
            .parse::<EventPosition>()
            .map_or(ResumeFrom::Unreadable, ResumeFrom::After),
    }
}
