//! One `GET /ws` session: frames as text messages, pings as heartbeats, and a clean close when
//! the client leaves, stops answering, or the stream's lifetime is reached.

use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use tokio::time::{Instant, MissedTickBehavior, interval_at};

use crate::realtime::RealtimeOptions;
use crate::realtime::frame::AgentStream;

/// Why the server ends a session.
enum Ending {
    /// The client closed, or the connection is gone: nothing more to say.
    ClientLeft,
    /// Close with this reason.
    Close(CloseReason),
}

fn reason(code: CloseCode, description: &str) -> Ending {
    Ending::Close(CloseReason {
        code,
        description: Some(description.to_owned()),
    })
}

/// Runs a session until it ends; spawned on the connection's worker.
pub(crate) async fn run_session(
    mut session: Session,
    mut incoming: MessageStream,
    mut stream: AgentStream,
    options: RealtimeOptions,
) {
    let period = options.heartbeat.max(std::time::Duration::from_millis(1));
    let mut heartbeat = interval_at(Instant::now() + period, period);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let ends_at = Instant::now() + options.max_stream;
    let mut last_heard = Instant::now();
    let ending = loop {
        tokio::select! {
            frame = stream.next_frame() => {
                let Some(frame) = frame else {
                    break reason(CloseCode::Restart, "the event feed closed; reconnect");
                };
                // A client that takes no frame for two heartbeats would hold this task forever.
                match tokio::time::timeout(period * 2, session.text(frame.json)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => break Ending::ClientLeft,
                    Err(_) => break reason(CloseCode::Policy, "client too slow; reconnect with last_event_id"),
                }
            }
            message = incoming.recv() => {
                last_heard = Instant::now();
                match message {
                    Some(Ok(Message::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() {
                            break Ending::ClientLeft;
                        }
                    }
                    Some(Ok(Message::Close(_))) | None => break Ending::ClientLeft,
                    Some(Err(error)) => {
                        tracing::debug!(error = %error, "websocket protocol error");
                        break reason(CloseCode::Protocol, "protocol error");
                    }
                    // Pongs only prove the client is there; agents send nothing else we use.
                    Some(Ok(_)) => {}
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > period * 2 {
                    break reason(CloseCode::Away, "no answer to heartbeats");
                }
                if session.ping(b"").await.is_err() {
                    break Ending::ClientLeft;
                }
            }
            () = tokio::time::sleep_until(ends_at) => {
                break reason(CloseCode::Normal, "stream lifetime reached; reconnect with last_event_id");
            }
        }
    };
    let close = match ending {
        Ending::ClientLeft => None,
        Ending::Close(reason) => Some(reason),
    };
    // Closing an already closed session fails harmlessly.
    let _ = session.close(close).await;
}
