//! The `Outbox` contract: recording sends, claims and leases, how attempts end, pauses, retries
//! and the reconciliation of ambiguous sends by status webhooks. Each case quotes the sentence
//! of `inbox_domain::ports::Outbox` it checks.

pub mod attempts;
pub mod batch;
pub mod leases_and_pauses;
pub mod mixed;
pub mod reconcile;
pub mod record;
pub mod retry_message;
pub mod returned;
pub mod world;

pub use world::OutboxWorld;

use super::port_case::PortCase;

/// Every case of the suite, in the order they run.
pub fn cases() -> Vec<PortCase<OutboxWorld>> {
    [
        record::CASES,
        returned::CASES,
        attempts::CASES,
        leases_and_pauses::CASES,
        retry_message::CASES,
        reconcile::CASES,
        batch::CASES,
        mixed::CASES,
    ]
    .concat()
}
