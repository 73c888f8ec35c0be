//! The repositories over one pool, bundled as the domain's `Storage`, and keyset paging helpers.

mod access;
mod access_admin;
mod accounts;
mod contacts;
mod conversations;
mod filtered_page;
mod health;
mod messages;
mod outbox;
mod roles;
mod search;
mod templates;
mod webhooks;

use std::sync::Arc;

use inbox_domain::ports::Storage;
use inbox_domain::{Cursor, Page, PageLimit, RepoError};
use time::OffsetDateTime;
use tokio_postgres::Row;
use tokio_postgres::types::Timestamp;
use uuid::Uuid;

use crate::db::Pg;
use crate::rows::RowError;
use crate::sql;

pub(crate) use health::{PING, PgHealth};
pub use webhooks::WEBHOOK_CHANNEL;

/// The template repository over `pg`'s pool (not part of `Storage`).
pub(crate) fn templates(pg: &Pg) -> Arc<dyn inbox_domain::ports::TemplateRepo> {
    Arc::new(templates::PgTemplates::new(pg.clone()))
}

/// The outbox over `pg`'s pool (not part of `Storage`).
pub(crate) fn outbox(pg: &Pg) -> Arc<dyn inbox_domain::ports::Outbox> {
    Arc::new(outbox::PgOutbox::new(pg.clone()))
}

/// Every repository of this backend over one pool.
pub(crate) fn storage(pg: &Pg, backend: &'static str) -> Storage {
    Storage {
        access: Arc::new(access::PgAccess::new(pg.clone())),
        accounts: Arc::new(accounts::PgAccounts::new(pg.clone())),
        contacts: Arc::new(contacts::PgContacts::new(pg.clone())),
        conversations: Arc::new(conversations::PgConversations::new(pg.clone())),
        messages: Arc::new(messages::PgMessages::new(pg.clone())),
        webhooks: Arc::new(webhooks::PgWebhooks::new(pg.clone())),
        health: Arc::new(PgHealth::new(pg.clone(), backend)),
    }
}

/// Runs a keyset list statement (parameters `sql::LIST_PARAM_TYPES`: owner, time, id, rows to
/// fetch) for the page of `limit` after `cursor`, maps each row and cuts the page.
pub(crate) async fn keyset_page<T>(
    pg: &Pg,
    statement: &'static str,
    owner: Uuid,
    cursor: Option<Cursor>,
    limit: PageLimit,
    map: impl Fn(&Row) -> Result<T, RowError>,
    cursor_of: impl Fn(&T) -> Cursor,
) -> Result<Page<T>, RepoError> {
    let keyset = Keyset::new(cursor, limit);
    let [owner_ty, at_ty, id_ty, fetch_ty] = sql::LIST_PARAM_TYPES;
    let db = pg.db().await?;
    let rows = db
        .query(
            statement,
            &[
                (&owner, owner_ty),
                (&keyset.at, at_ty),
                (&keyset.id, id_ty),
                (&keyset.fetch, fetch_ty),
            ],
        )
        .await?;
    let items = rows.iter().map(map).collect::<Result<Vec<_>, _>>()?;
    Ok(into_page(items, limit, cursor_of))
}

/// Where a list statement starts: after the cursor, or before everything (`'infinity'`, max
/// UUID) so the row comparison stays an index condition; and how many rows to fetch (one more
/// than the page, to learn whether a next page exists).
struct Keyset {
    at: Timestamp<OffsetDateTime>,
    id: Uuid,
    fetch: i64,
}

impl Keyset {
    /// The bounds for a page of `limit` after `cursor`.
    fn new(cursor: Option<Cursor>, limit: PageLimit) -> Self {
        let (at, id) = match cursor {
            Some(cursor) => (Timestamp::Value(cursor.at), cursor.id),
            None => (Timestamp::PosInfinity, Uuid::max()),
        };
        Self {
            at,
            id,
            fetch: i64::from(limit.get()) + 1,
        }
    }
}

/// Cuts the extra row off and sets `next` to the cursor of the last item kept.
fn into_page<T>(mut items: Vec<T>, limit: PageLimit, cursor_of: impl Fn(&T) -> Cursor) -> Page<T> {
    let limit = usize::from(limit.get());
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(cursor_of)
    } else {
        None
    };
    Page { items, next }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(n: i64) -> Cursor {
        Cursor {
            at: OffsetDateTime::from_unix_timestamp(n).unwrap(),
            id: Uuid::from_u128(n as u128),
        }
    }

    #[test]
    fn a_full_page_plus_one_has_a_next_cursor_of_its_last_item() {
        let limit = PageLimit::parse(Some(2)).unwrap();
        let page = into_page(vec![3, 2, 1], limit, |n| cursor(*n));
        assert_eq!(page.items, vec![3, 2]);
        assert_eq!(page.next, Some(cursor(2)));
    }

    #[test]
    fn a_short_or_exact_page_is_the_last() {
        let limit = PageLimit::parse(Some(2)).unwrap();
        assert_eq!(into_page(vec![3, 2], limit, |n| cursor(*n)).next, None);
        assert_eq!(
            into_page(Vec::<i64>::new(), limit, |n| cursor(*n)).next,
            None
        );
    }

    #[test]
    fn no_cursor_starts_before_everything_and_fetches_one_extra() {
        let keyset = Keyset::new(None, PageLimit::default());
        assert!(matches!(keyset.at, Timestamp::PosInfinity));
        assert_eq!(keyset.id, Uuid::max());
        assert_eq!(keyset.fetch, 51);
    }
}
