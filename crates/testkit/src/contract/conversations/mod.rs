//! The `ConversationRepo` contract, in two parts: opening conversations, and listing them.

pub mod list;
pub mod open;

use inbox_domain::PageLimit;

use super::Case;
use crate::contract::fixtures::Must;

/// Every case of the `ConversationRepo` suite, in the order they run.
pub fn cases() -> Vec<Case> {
    [open::CASES, list::CASES].concat()
}

/// A page size the cases use.
pub(crate) fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "a valid page size")
}
