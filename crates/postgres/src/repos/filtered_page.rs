//! Keyset pages of statements that take filter parameters after the four list parameters.

use inbox_domain::{Cursor, Page, PageLimit, RepoError};
use tokio_postgres::Row;
use uuid::Uuid;

use super::Keyset;
use crate::db::{Param, Pg};
use crate::rows::RowError;
use crate::sql;

/// A filtered list statement and what it lists: `statement` takes the owner, the cursor time,
/// the cursor id and the rows to fetch (`sql::LIST_PARAM_TYPES`), then `filters`.
pub(crate) struct FilteredList<'a> {
    /// The statement.
    pub(crate) statement: &'static str,
    /// Whose items (an account id).
    pub(crate) owner: Uuid,
    /// The parameters after the four list parameters.
    pub(crate) filters: &'a [Param<'a>],
}

/// Runs `list` for the page of `limit` after `cursor`, maps each row and cuts the page.
pub(crate) async fn filtered_page<T>(
    pg: &Pg,
    list: FilteredList<'_>,
    cursor: Option<Cursor>,
    limit: PageLimit,
    map: impl Fn(&Row) -> Result<T, RowError>,
    cursor_of: impl Fn(&T) -> Cursor,
) -> Result<Page<T>, RepoError> {
    let keyset = Keyset::new(cursor, limit);
    let [owner_ty, at_ty, id_ty, fetch_ty] = sql::LIST_PARAM_TYPES;
    let mut params: Vec<Param<'_>> = vec![
        (&list.owner, owner_ty),
        (&keyset.at, at_ty),
        (&keyset.id, id_ty),
        (&keyset.fetch, fetch_ty),
    ];
    params.extend(list.filters.iter().cloned());
    let db = pg.db().await?;
    let rows = db.query(list.statement, &params).await?;
    let items = rows.iter().map(map).collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_fetched(items, limit, cursor_of))
}
