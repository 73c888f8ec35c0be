//! Webhook ingestion behind the route: settings, the per-delivery pipeline and the worker tasks.
//!
//! The HTTP handler stores each signed delivery with one insert and notifies a shared
//! [`tokio::sync::Notify`]; an idle worker wakes, claims a batch (`FOR UPDATE SKIP LOCKED` in
//! PostgreSQL, a lease fenced by the attempt number), parses each delivery with
//! `inbox_whatsapp::webhook::parse`, applies it in one transaction and publishes its events.
//! Deliveries stored by another instance, and retries coming due, are found by the poll.

mod backoff;
mod pipeline;
mod settings;
mod workers;

pub use backoff::Backoff;
pub use pipeline::{ATTEMPT_DURATION, Outcome, PROCESSED, RESCUED, WebhookPipeline};
pub use settings::{WebhookSettings, WorkerConfig};
pub use workers::WebhookWorkers;
