//! The `WebhookQueue` contract: the queue (leases, fencing, retries, parking, rescue, the
//! operator's list and requeue) and the idempotent apply of every part of a delivery, plus the
//! property that any order and duplication of a set of deliveries ends in the same state.

pub mod admin;
pub mod apply;
pub mod apply_many;
pub mod apply_many_mixed;
pub mod batch;
pub mod enqueue_many;
pub mod leases;
pub mod property;
pub mod queue;
pub mod reactions;
pub mod routing;
pub mod scenario;
pub mod statuses;
pub mod world;

use super::Case;

/// Every case of the `WebhookQueue` suite, in the order they run.
pub fn cases() -> Vec<Case> {
    [
        queue::CASES,
        enqueue_many::CASES,
        leases::CASES,
        admin::CASES,
        apply::CASES,
        apply_many::CASES,
        apply_many_mixed::CASES,
        routing::CASES,
        statuses::CASES,
        reactions::CASES,
    ]
    .concat()
}
