//! `ContactRepo` over the `contacts` table, its list functions (`inbox_list_contacts`,
//! `inbox_search_contacts`) and `inbox_update_contact`.

use async_trait::async_trait;
use inbox_domain::ports::ContactRepo;
use inbox_domain::{
    AccountId, Contact, ContactId, ContactSearch, ContactUpdate, Cursor, Page, PageLimit,
    RepoError, WaId,
};
use inbox_schema::calls::set_or_keep;
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
use crate::repos::filtered_page::{FilteredList, filtered_page};
use crate::repos::search::uses_trigram_index;
use crate::rows::{self, CONTACT};
use crate::sql::{self, contact_columns};

/// Creates the contact or returns the stored one; a given name replaces the stored one, and
/// `updated_at` moves only when the name really changes, so a repeat returns an equal contact
/// (`inbox_upsert_contact`, shared with the PostgREST adapter).
const UPSERT_BY_WA_ID: &str = concat!(
    "SELECT ",
    contact_columns!(),
    " FROM inbox_upsert_contact($1, $2, $3, $4)"
);
const GET: &str = concat!(
    "SELECT ",
    contact_columns!(),
    " FROM contacts WHERE id = $1"
);
/// The agents' edit in one statement; no row for an unknown contact.
const UPDATE: &str = concat!(
    "SELECT ",
    contact_columns!(),
    " FROM inbox_update_contact($1, $2, $3, $4, $5, $6)"
);

/// Contacts in PostgreSQL.
pub(crate) struct PgContacts {
    pg: Pg,
}

impl PgContacts {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl ContactRepo for PgContacts {
    async fn upsert_by_wa_id(
        &self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError> {
        let db = self.pg.db().await?;
        let new_id = Uuid::now_v7();
        let row = db
            .query_one(
                UPSERT_BY_WA_ID,
                &[
                    (&new_id, Type::UUID),
                    (&account.as_uuid(), Type::UUID),
                    (&wa_id.as_str(), Type::TEXT),
                    (&profile_name, Type::TEXT),
                ],
            )
            .await?;
        Ok(rows::contact(&row, &CONTACT)?)
    }

    async fn get(&self, id: ContactId) -> Result<Contact, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(GET, &[(&id.as_uuid(), Type::UUID)])
            .await?
            .ok_or(RepoError::not_found("contact"))?;
        Ok(rows::contact(&row, &CONTACT)?)
    }

    async fn list(
        &self,
        account: AccountId,
        search: Option<ContactSearch>,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Contact>, RepoError> {
        let term = search.as_ref().map(ContactSearch::term);
        let statement = if term.is_some_and(uses_trigram_index) {
            sql::SEARCH_CONTACTS
        } else {
            sql::LIST_CONTACTS
        };
        let filters = [(&term as _, Type::TEXT)];
        let list = FilteredList {
            statement,
            owner: account.as_uuid(),
            filters: &filters,
        };
        filtered_page(
            &self.pg,
            list,
            after,
            limit,
            |row| rows::contact(row, &CONTACT),
            Contact::cursor,
        )
        .await
    }

    async fn update(&self, id: ContactId, update: ContactUpdate) -> Result<Contact, RepoError> {
        let (set_name, name) = set_or_keep(&update.display_name, |n| n.as_str());
        let (set_notes, notes) = set_or_keep(&update.notes, |n| n.as_str());
        let tags = update.tags.as_ref().map(|t| t.as_slice());
        let db = self.pg.db().await?;
        let row = db
            .query_opt(
                UPDATE,
                &[
                    (&id.as_uuid(), Type::UUID),
                    (&set_name, Type::BOOL),
                    (&name, Type::TEXT),
                    (&set_notes, Type::BOOL),
                    (&notes, Type::TEXT),
                    (&tags, Type::TEXT_ARRAY),
                ],
            )
            .await?
            .ok_or(RepoError::not_found("contact"))?;
        Ok(rows::contact(&row, &CONTACT)?)
    }
}
