//! The `ConversationRepo` contract: opening conversations, listing them (plain and filtered),
//! and the agents' actions on them.

pub mod actions;
pub mod filters;
pub mod list;
pub mod open;

use inbox_domain::PageLimit;

use super::Case;
use crate::contract::fixtures::Must;

/// Every case of the `ConversationRepo` suite, in the order they run.
pub fn cases() -> Vec<Case> {
    [
        open::CASES,
        list::CASES,
        filters::flags::CASES,
        filters::search::CASES,
        filters::paging::CASES,
        actions::CASES,
    ]
    .concat()
}

/// A page size the cases use.
pub(crate) fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "a valid page size")
}
