//! What the send routes need: the outbox, where to publish, how to wake the send workers, and
//! the cached 24-hour window check.

mod auto_template;
mod window;

use std::sync::Arc;

use inbox_domain::ValidationError;
use inbox_domain::events::InboxEvent;
use inbox_domain::ports::{EventBus, Outbox};
use tokio::sync::Notify;

pub use auto_template::AutoTemplateOptions;
pub(crate) use window::WindowCache;

/// The sending side of the routes: configure it with [`crate::AppState::with_sending`];
/// without it the send routes answer 503 (`sending_unconfigured`).
#[derive(Clone)]
pub struct SendingOptions {
    /// The outbox, over the same data as the app's storage.
    pub outbox: Arc<dyn Outbox>,
    /// Where `MessageCreated` and status events go.
    pub events: Arc<dyn EventBus>,
    /// Notified after each queued job, so an idle send worker of this process wakes at once.
    pub wakeup: Arc<Notify>,
}

/// The options with the window cache the routes share.
pub(crate) struct Sending {
    pub(crate) options: SendingOptions,
    pub(crate) window: WindowCache,
}

impl Sending {
    /// Over `options`, with an empty window cache.
    pub(crate) fn new(options: SendingOptions) -> Self {
        Self {
            options,
            window: WindowCache::new(),
        }
    }

    /// Publishes `events` (if any) and wakes a send worker.
    pub(crate) async fn queued(&self, events: Vec<InboxEvent>) {
        if !events.is_empty() {
            self.options.events.publish(events).await;
        }
        self.options.wakeup.notify_one();
    }
}

/// Why the outbox refuses a send request: both answer 422.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendRefusal {
    /// A field breaks Meta's limits (`invalid_<field>`, naming the field).
    Invalid(ValidationError),
    /// A free-form message outside the 24-hour customer-service window (`window_closed`).
    WindowClosed,
}
