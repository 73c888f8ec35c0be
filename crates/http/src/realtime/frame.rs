//! What one agent's stream carries: the feed's items that the agent may see, as frames with an
//! id, a type and a JSON body (the same JSON on SSE and WebSocket).

use std::sync::Arc;

use inbox_domain::access::{Permission, Principal};
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{FeedItem, FeedSubscription, ResyncReason};
use serde_json::{Value, json};

use crate::realtime::gauge::{OpenStream, REALTIME_RESYNCS};

/// One message of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The event id to resume after (`Last-Event-ID`).
    pub(crate) id: String,
    /// The event type (`message_received`, ..., `resync`).
    pub(crate) kind: String,
    /// The whole frame as JSON: `{"id": ..., "type": ..., ...the event's fields}`.
    pub(crate) json: String,
}

impl Frame {
    fn event(id: String, event: &InboxEvent) -> Option<Self> {
        let mut body = match serde_json::to_value(event) {
            Ok(Value::Object(body)) => body,
            Ok(_) => {
                tracing::error!("an inbox event serialised to a non-object; skipped");
                return None;
            }
            Err(error) => {
                tracing::error!(error = %error, "an inbox event failed to serialise; skipped");
                return None;
            }
        };
        let kind = body.get("type").and_then(Value::as_str)?.to_owned();
        body.insert("id".into(), Value::String(id.clone()));
        Some(Self {
            id,
            kind,
            json: Value::Object(body).to_string(),
        })
    }

    fn resync(id: String, reason: ResyncReason) -> Self {
        let json = json!({"id": id, "type": "resync", "reason": reason.as_str()}).to_string();
        Self {
            id,
            kind: "resync".into(),
            json,
        }
    }
}

/// A subscription seen through one principal: events of accounts it may not read are skipped.
/// The principal of the moment the stream opened decides for the stream's whole life.
pub(crate) struct AgentStream {
    subscription: Box<dyn FeedSubscription>,
    principal: Arc<Principal>,
    _open: OpenStream,
}

impl AgentStream {
    /// `subscription` filtered for `principal`, counted as an open stream of `transport`.
    pub(crate) fn new(
        subscription: Box<dyn FeedSubscription>,
        principal: Arc<Principal>,
        transport: &'static str,
    ) -> Self {
        Self {
            subscription,
            principal,
            _open: OpenStream::count(transport),
        }
    }

    /// The next frame the agent may see; `None` when the feed closed.
    pub(crate) async fn next_frame(&mut self) -> Option<Frame> {
        loop {
            match self.subscription.next().await? {
                FeedItem::Event(numbered) => {
                    let visible = self
                        .principal
                        .authorize(numbered.event.account_id(), Permission::ConversationsRead)
                        .is_ok();
                    if !visible {
                        continue;
                    }
                    if let Some(frame) =
                        Frame::event(numbered.position.to_string(), &numbered.event)
                    {
                        return Some(frame);
                    }
                }
                FeedItem::Resync { position, reason } => {
                    metrics::counter!(REALTIME_RESYNCS, "reason" => reason.as_str()).increment(1);
                    return Some(Frame::resync(position.to_string(), reason));
                }
            }
        }
    }
}
