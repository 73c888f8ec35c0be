//! HTTP API of the inbox on actix-web: routes, error envelope, OpenAPI, metrics, request logs.
//!
#![doc = include_str!("../README.md")]

mod auth;
mod dto;
mod error;
mod extract;
mod media;
mod metrics;
mod middleware;
mod openapi;
mod realtime;
mod routes;
mod sending;
mod server;
mod state;
mod telemetry;
mod webhook;

pub use auth::{AuthOptions, MAX_PRINCIPAL_TTL, TOKENS_REJECTED};
pub use extract::JSON_BODY_LIMIT;
pub use metrics::{REQUEST_DURATION, REQUESTS_TOTAL, install_metrics_recorder};
pub use middleware::REQUEST_ID_HEADER;
pub use openapi::{DOCS_PATH, OPENAPI_PATH, openapi};
pub use realtime::{REALTIME_RESYNCS, REALTIME_STREAMS_OPEN, RealtimeOptions};
pub use routes::ROUTES;
pub use sending::{AutoTemplateOptions, SendRefusal, SendingOptions};
pub use server::{ServeOptions, WorkerStorage, serve};
pub use state::{AppState, PoolUsage, PoolUsageProbe};
pub use webhook::{BatchSettings, ENQUEUE_BATCH_SIZE, ENQUEUE_BATCHES, EnqueueBatcher};
pub use webhook::{
    DEFAULT_WEBHOOK_BODY_LIMIT, DELIVERIES_ACCEPTED, EnqueueHook, SECRETS_RELOADS,
    SIGNATURE_REJECTED, WebhookOptions,
};
