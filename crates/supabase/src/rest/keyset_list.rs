//! The keyset list functions of the shared SQL (`inbox_list_contacts`,
//! `inbox_list_conversations`, the media galleries...) called through `/rpc/`: each takes its
//! owner, the cursor (or before everything) and how many rows to fetch, then its filters, as
//! the PostgreSQL adapter's `filtered_page` passes them.

use inbox_domain::{Cursor, PageLimit, RepoError};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::call::Rest;
use super::wire::{JsonRow, keyset};

/// A keyset list function and whose items it lists.
pub(crate) struct KeysetList<'a> {
    /// The port operation, for errors and logs (`contacts.list`).
    pub(crate) operation: &'static str,
    /// The SQL function.
    pub(crate) function: &'a str,
    /// PostgREST's query: `select`, and `order` where the function's order must be kept.
    pub(crate) query: &'a [(&'a str, &'a str)],
    /// The owner's argument name (`p_account_id`) and id.
    pub(crate) owner: (&'a str, Uuid),
}

/// The rows for the page of `limit` after `cursor` (one more than the page when a next page
/// exists, see `Page::from_fetched`); `filters` are the function's other arguments.
pub(crate) async fn keyset_rows(
    rest: &Rest,
    list: KeysetList<'_>,
    cursor: Option<Cursor>,
    limit: PageLimit,
    filters: &[(&str, Value)],
) -> Result<Vec<JsonRow>, RepoError> {
    let (before_at, before_id) = keyset(cursor)?;
    let mut args = Map::new();
    args.insert(list.owner.0.to_owned(), json!(list.owner.1));
    args.insert("p_before_at".to_owned(), json!(before_at));
    args.insert("p_before_id".to_owned(), json!(before_id));
    args.insert("p_limit".to_owned(), json!(limit.to_fetch()));
    for (name, value) in filters {
        args.insert((*name).to_owned(), value.clone());
    }
    rest.rpc(
        list.operation,
        list.function,
        list.query,
        &Value::Object(args),
    )
    .await
}
