//! The body of `GET /events`: frames as server-sent events, heartbeat comments while idle,
//! and an end after the stream's lifetime (the browser reconnects with its last id).

use std::convert::Infallible;

use actix_web::web::Bytes;
use futures::Stream;
use tokio::time::{Instant, Interval, MissedTickBehavior, interval_at};

use crate::realtime::RealtimeOptions;
use crate::realtime::frame::{AgentStream, Frame};

/// The heartbeat line: an SSE comment, which clients ignore but proxies see as traffic.
const HEARTBEAT: &[u8] = b": heartbeat\n\n";

struct State {
    stream: AgentStream,
    heartbeat: Interval,
    ends_at: Instant,
    opened: bool,
}

/// One server-sent event: `id:`, `event:` and `data:` lines and a blank line.
fn encode(frame: &Frame) -> Bytes {
    Bytes::from(format!(
        "id: {}\nevent: {}\ndata: {}\n\n",
        frame.id, frame.kind, frame.json
    ))
}

/// The event-stream body of `stream`, paced by `options`.
pub(crate) fn sse_body(
    stream: AgentStream,
    options: &RealtimeOptions,
) -> impl Stream<Item = Result<Bytes, Infallible>> + 'static {
    let period = options.heartbeat.max(std::time::Duration::from_millis(1));
    let mut heartbeat = interval_at(Instant::now() + period, period);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let state = State {
        stream,
        heartbeat,
        ends_at: Instant::now() + options.max_stream,
        opened: false,
    };
    futures::stream::unfold(state, |mut state| async move {
        if !state.opened {
            // A first comment at once, so the client and proxies see the stream is open.
            state.opened = true;
            return Some((Ok(Bytes::from_static(b": connected\n\n")), state));
        }
        let chunk = tokio::select! {
            frame = state.stream.next_frame() => encode(&frame?),
            _ = state.heartbeat.tick() => Bytes::from_static(HEARTBEAT),
            () = tokio::time::sleep_until(state.ends_at) => return None,
        };
        state.heartbeat.reset();
        Some((Ok(chunk), state))
    })
}
