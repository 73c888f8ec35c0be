//! Integration tests of the PostgreSQL adapter: one binary, one module per concern.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests: a failed expectation is a failed test"
)]

mod connect;
mod contract;
mod errors;
mod filter_plans;
mod idempotency;
mod invitations;
mod media_plans;
mod pagination;
mod pooler;
mod support;
mod wakeups;
mod webhooks;
