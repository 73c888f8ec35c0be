//! A column found once: its position and name, so reading it skips the search by name. A
//! result's rows share one column list, so a list resolves its columns on its first row only
//! (the inbox list reads 37 columns from each of 51 rows).

use tokio_postgres::Row;
use tokio_postgres::types::FromSql;

use super::RowError;
use super::position::position;

/// Where one named column sits in the rows of one result.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    index: usize,
    name: &'static str,
}

impl Col {
    /// Finds `name` among `row`'s columns (remembered per statement by `position`).
    pub(crate) fn find(row: &Row, name: &'static str) -> Result<Self, RowError> {
        match position(row, name) {
            Some(index) => Ok(Self { index, name }),
            // No such column: the driver's own lookup says so.
            None => Err(match row.try_get::<_, Option<bool>>(name) {
                Err(source) => RowError::Column {
                    column: name,
                    source,
                },
                Ok(_) => RowError::Value {
                    column: name,
                    reason: "was not found".to_owned(),
                },
            }),
        }
    }

    /// The column's name, for errors.
    pub(crate) fn name(self) -> &'static str {
        self.name
    }

    /// Reads this column of `row`, a row of the result it was found in.
    pub(crate) fn get<'a, T: FromSql<'a>>(self, row: &'a Row) -> Result<T, RowError> {
        row.try_get(self.index).map_err(|source| RowError::Column {
            column: self.name,
            source,
        })
    }
}
