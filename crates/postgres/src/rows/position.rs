//! Where a named column sits in a row, remembered: every row of a result, and every run of a
//! cached statement, shares one column list, so a name is searched for once rather than on each
//! row (the inbox list reads 36 columns by name from each of its 51 rows).

use std::cell::Cell;

use tokio_postgres::Row;

/// Remembered positions per thread; two keys that share a slot only cost a new search.
const SLOTS: usize = 256;

/// One remembered position: the column list and the name (by address), and where it was found.
#[derive(Clone, Copy)]
struct Slot {
    columns: usize,
    name: usize,
    index: usize,
}

const EMPTY: Slot = Slot {
    columns: 0,
    name: 0,
    index: 0,
};

thread_local! {
    static REMEMBERED: [Cell<Slot>; SLOTS] = const { [const { Cell::new(EMPTY) }; SLOTS] };
}

/// The position of the column called `name` in `row`, or `None` when it has none.
///
/// A remembered position is used only after checking that the column there still has this
/// name: the address of a dropped statement's column list may be reused by another statement.
pub(super) fn position(row: &Row, name: &'static str) -> Option<usize> {
    let columns = row.columns();
    let key = Slot {
        columns: columns.as_ptr() as usize,
        name: name.as_ptr() as usize,
        index: 0,
    };
    let slot = (key.columns.rotate_right(4) ^ key.name.rotate_right(3)) % SLOTS;
    REMEMBERED.with(|remembered| {
        let seen = remembered[slot].get();
        if seen.columns == key.columns
            && seen.name == key.name
            && columns.get(seen.index).is_some_and(|c| c.name() == name)
        {
            return Some(seen.index);
        }
        let index = columns.iter().position(|c| c.name() == name)?;
        remembered[slot].set(Slot { index, ..key });
        Some(index)
    })
}

#[cfg(test)]
mod tests {
    use inbox_testkit::db::TestDatabase;

    use super::position;

    #[tokio::test]
    async fn statements_with_the_same_names_in_other_places_each_get_their_own_positions() {
        let db = TestDatabase::new().await.unwrap();
        let client = db.connect().await.unwrap();
        // New statements again and again, so column lists are freed and their memory reused.
        for round in 0..50 {
            let ab = client.query("SELECT 1 AS a, 2 AS b", &[]).await.unwrap();
            let ba = client.query("SELECT 2 AS b, 1 AS a", &[]).await.unwrap();
            for (row, a, b) in [(&ab[0], 0, 1), (&ba[0], 1, 0), (&ab[0], 0, 1)] {
                assert_eq!(position(row, "a"), Some(a), "round {round}");
                assert_eq!(position(row, "b"), Some(b), "round {round}");
                assert_eq!(position(row, "c"), None, "round {round}");
            }
        }
    }
}
