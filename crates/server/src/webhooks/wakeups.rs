//! Cross-instance wake-ups: a debounced `NOTIFY` after stored deliveries, a `LISTEN` that wakes
//! this process's workers when another instance stored one.

use std::sync::Arc;

use inbox_http::EnqueueHook;
use inbox_postgres::{DEFAULT_NOTIFY_INTERVAL, Listener, PgBackend, WEBHOOK_CHANNEL, Wake};
use tokio::sync::Notify;

use crate::webhooks::WebhookSettings;

/// Counter of worker wake-ups caused by another instance's notification (or by the listener
/// coming back after a lost connection, `reason="resumed"`).
pub const REMOTE_WAKEUPS: &str = "webhook_remote_wakeups_total";

/// This process's side of the wake-up channel.
#[derive(Debug, Clone)]
pub struct CrossInstance {
    /// Tells this instance's notifications from the others' (the notification payload).
    instance: String,
}

impl Default for CrossInstance {
    fn default() -> Self {
        Self {
            instance: uuid::Uuid::new_v4().to_string(),
        }
    }
}

impl CrossInstance {
    /// The hook the webhook routes call after each stored delivery: one debounced
    /// `NOTIFY inbox_webhook` through the pool, at most one per 5 ms. `None` without PostgreSQL
    /// or with `webhooks.notify = false`.
    pub fn announcer(
        &self,
        settings: &WebhookSettings,
        postgres: Option<&PgBackend>,
    ) -> Option<EnqueueHook> {
        let postgres = postgres.filter(|_| settings.notify)?;
        let announcer =
            postgres.announcer(WEBHOOK_CHANNEL, &self.instance, DEFAULT_NOTIFY_INTERVAL);
        Some(Arc::new(move || announcer.announce()))
    }

    /// Listens for other instances' notifications and wakes one idle local worker on each.
    /// `None` without PostgreSQL, without local workers, with `webhooks.listen = false`, or
    /// behind a transaction pooler without a direct connection (logged: the poll takes over).
    pub fn listen(
        &self,
        settings: &WebhookSettings,
        postgres: Option<&PgBackend>,
        wakeup: Arc<Notify>,
    ) -> Option<Listener> {
        let postgres = postgres.filter(|_| settings.listen && settings.workers > 0)?;
        let instance = self.instance.clone();
        let listening = postgres.listen(WEBHOOK_CHANNEL, move |wake| {
            let reason = match wake {
                // Our own announcement: the handler already woke our workers in-process.
                Wake::Notification(payload) if payload == instance => return,
                Wake::Notification(_) => "notified",
                Wake::Resumed => "resumed",
            };
            metrics::counter!(REMOTE_WAKEUPS, "reason" => reason).increment(1);
            wakeup.notify_one();
        });
        match listening {
            Ok(listener) => Some(listener),
            Err(error) => {
                tracing::warn!(
                    error = %error,
                    poll_interval_ms = settings.poll_interval_ms,
                    "cannot LISTEN for other instances' webhook deliveries; cross-instance wake-ups fall back to polling"
                );
                None
            }
        }
    }
}
