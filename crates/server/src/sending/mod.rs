//! Sending behind the route: settings, the rate limiter, the per-job pipeline and the workers.
//!
//! The HTTP handler records the message as `pending` with its send job in one step and
//! notifies a shared [`tokio::sync::Notify`]; an idle worker wakes, claims a batch
//! (`FOR UPDATE SKIP LOCKED` in PostgreSQL, a lease fenced by the attempt number), waits for
//! each job's rate slot, notes the dispatch, calls the gateway with our message id in
//! `biz_opaque_callback_data`, and records what Meta's answer calls for (`decide`): sent,
//! failed, retry later, ambiguous (wait for the status webhook), or pause the account.
//! Dispatch notes and ends of attempts are written in groups (`group`, `outcomes`): one
//! statement and one commit for many sends. A worker holds up to `in_flight` jobs and claims
//! more as they finish, so Meta's slow answers do not idle it.

mod decide;
mod group;
mod outcomes;
mod pipeline;
#[cfg(test)]
mod pipeline_tests;
pub mod rate;
mod settings;
mod wiring;
mod workers;

pub use decide::{Decision, decide_error, decide_send};
pub use group::{GroupPolicy, Grouper};
pub use pipeline::{ClaimedJob, SEND_RESCUES, SENDS, SendPipeline};
pub use rate::RateLimiter;
pub use settings::{SendConfig, SendingSettings};
pub use wiring::SendingParts;
pub use workers::SendWorkers;
