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
    Ok(Page::from_fetched(items, limit, cursor_of))
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
            fetch: i64::from(limit.to_fetch()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cursor_starts_before_everything_and_fetches_one_extra() {
        let keyset = Keyset::new(None, PageLimit::default());
        assert!(matches!(keyset.at, Timestamp::PosInfinity));
        assert_eq!(keyset.id, Uuid::max());
        assert_eq!(keyset.fetch, 51);
    }
}
