//! Keyset pages: the list functions are asked for one row more than the page, to learn
//! whether a next page exists.

use inbox_domain::{Cursor, Page, PageLimit};

/// Cuts the extra row off and sets `next` to the cursor of the last item kept.
pub(crate) fn into_page<T>(
    mut items: Vec<T>,
    limit: PageLimit,
    cursor_of: impl Fn(&T) -> Cursor,
) -> Page<T> {
    let limit = usize::from(limit.get());
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(cursor_of)
    } else {
        None
    };
    Page { items, next }
}
