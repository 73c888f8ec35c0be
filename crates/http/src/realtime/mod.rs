//! Streaming inbox events to agents: the plumbing shared by `GET /events` (server-sent events)
//! and `GET /ws` (WebSocket): who is asking, where they resume, what they may see, and framing.

mod caller;
mod frame;
mod gauge;
mod quiet;
mod resume;
mod sse;
mod ws;

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::ports::EventFeed;

pub(crate) use caller::stream_principal;
pub(crate) use frame::AgentStream;
pub use gauge::{REALTIME_RESYNCS, REALTIME_STREAMS_OPEN};
pub(crate) use resume::resume_from;
pub(crate) use sse::sse_body;
pub(crate) use ws::run_session;

/// How agents' event streams behave; the server fills it from its configuration.
#[derive(Clone)]
pub struct RealtimeOptions {
    /// The numbered event feed streams read (default: one that never yields, until the server
    /// wires its journal).
    pub feed: Arc<dyn EventFeed>,
    /// How often an idle stream sends a heartbeat (an SSE comment, a WebSocket ping).
    pub heartbeat: Duration,
    /// How long one stream lasts before the server ends it and the client reconnects (with its
    /// last id, so nothing is lost): the caller's access and token are checked again then.
    pub max_stream: Duration,
    /// Whether a browser may pass its bearer token as the `access_token` query parameter
    /// (`EventSource` and `WebSocket` cannot set headers); the `Authorization` header wins.
    pub query_token: bool,
}

impl Default for RealtimeOptions {
    fn default() -> Self {
        Self {
            feed: Arc::new(quiet::QuietFeed),
            heartbeat: Duration::from_secs(15),
            max_stream: Duration::from_secs(3600),
            query_token: true,
        }
    }
}

impl std::fmt::Debug for RealtimeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealtimeOptions")
            .field("heartbeat", &self.heartbeat)
            .field("max_stream", &self.max_stream)
            .field("query_token", &self.query_token)
            .finish_non_exhaustive()
    }
}
