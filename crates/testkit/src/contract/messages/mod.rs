//! The `MessageRepo` contract: appending (what is stored, idempotency, replies, refusals),
//! paging, delivery statuses, and the agent's actions (quotes, edits, deletes, the business's
//! reactions, media galleries).

pub mod action_fixtures;
pub mod append;
pub mod business_reactions;
pub mod deletes;
pub mod edits;
pub mod galleries;
pub mod idempotency;
pub mod pages;
pub mod quotes;
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
        quotes::CASES,
        edits::CASES,
        deletes::CASES,
        business_reactions::CASES,
        galleries::CASES,
    ]
    .concat()
}
