//! The `MessageRepo` contract: appending (what is stored, idempotency, replies, refusals),
//! paging, and delivery statuses.

pub mod append;
pub mod idempotency;
pub mod pages;
pub mod refusals;
pub mod replies;
pub mod status;

use super::Case;

/// Every case of the `MessageRepo` suite, in the order they run.
pub fn cases() -> Vec<Case> {
    [
        append::CASES,
        idempotency::CASES,
        replies::CASES,
        refusals::CASES,
        pages::CASES,
        status::CASES,
    ]
    .concat()
}
