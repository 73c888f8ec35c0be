//! Webhook ingestion behind the route: settings, the per-delivery pipeline and the worker tasks.
//!
//! The HTTP handler stores each signed delivery with one insert and notifies a shared
//! [`tokio::sync::Notify`]; an idle worker wakes, claims a batch (`FOR UPDATE SKIP LOCKED` in
//! PostgreSQL, a lease fenced by the attempt number), parses each delivery with
//! `inbox_whatsapp::webhook::parse`, applies it in one transaction and publishes its events.
//! Another instance hears of the delivery through one debounced `NOTIFY inbox_webhook` (its
//! listener wakes one of its workers); retries coming due, and everything when notifications
//! are lost or off, are found by the slow poll.

mod backoff;
mod pipeline;
mod settings;
mod wakeups;
mod workers;

pub use backoff::Backoff;
pub use pipeline::{ATTEMPT_DURATION, Outcome, PROCESSED, RESCUED, WebhookPipeline};
pub use settings::{WebhookSettings, WorkerConfig};
pub use wakeups::{CrossInstance, REMOTE_WAKEUPS};
pub use workers::WebhookWorkers;
