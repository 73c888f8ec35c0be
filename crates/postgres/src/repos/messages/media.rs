//! Media galleries: one statement per page over `inbox_conversation_media` or
//! `inbox_account_media`, each reading one index range per kind.

use inbox_domain::{Cursor, MediaKinds, Message, Page, PageLimit, RepoError};
use uuid::Uuid;

use crate::db::Pg;
use crate::repos::Keyset;
use crate::rows::{self, MESSAGE};
use crate::sql::MEDIA_PARAM_TYPES;

/// Runs a gallery statement (`sql::CONVERSATION_MEDIA` or `sql::ACCOUNT_MEDIA`) for the page
/// of `limit` after `cursor` among the media of `owner` of `kinds`.
pub(super) async fn media_page(
    pg: &Pg,
    statement: &'static str,
    owner: Uuid,
    kinds: MediaKinds,
    cursor: Option<Cursor>,
    limit: PageLimit,
) -> Result<Page<Message>, RepoError> {
    let keyset = Keyset::new(cursor, limit);
    let kinds: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    let [owner_ty, kinds_ty, at_ty, id_ty, fetch_ty] = MEDIA_PARAM_TYPES;
    let db = pg.db().await?;
    let rows = db
        .query(
            statement,
            &[
                (&owner, owner_ty),
                (&kinds, kinds_ty),
                (&keyset.at, at_ty),
                (&keyset.id, id_ty),
                (&keyset.fetch, fetch_ty),
            ],
        )
        .await?;
    let items = rows
        .iter()
        .map(rows::messages(&MESSAGE))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_fetched(items, limit, Message::cursor))
}
