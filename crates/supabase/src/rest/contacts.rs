//! `ContactRepo` through PostgREST: the `contacts` table, the list functions
//! (`inbox_list_contacts`, `inbox_search_contacts`), `inbox_upsert_contact` and
//! `inbox_update_contact`, the same SQL the PostgreSQL adapter runs.

use async_trait::async_trait;
use inbox_domain::ports::ContactRepo;
use inbox_domain::{
    AccountId, Contact, ContactId, ContactSearch, ContactUpdate, Cursor, Page, PageLimit,
    RepoError, WaId,
};
use inbox_schema::calls::set_or_keep;
use serde_json::json;
use uuid::Uuid;

use super::call::Rest;
use super::keyset_list::{KeysetList, keyset_rows};
use super::search::uses_trigram_index;
use super::wire::{CONTACT_COLUMNS, JsonRow, all, contact};

/// Contacts in Supabase.
pub(crate) struct RestContacts {
    rest: Rest,
}

impl RestContacts {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }
}

#[async_trait]
impl ContactRepo for RestContacts {
    async fn upsert_by_wa_id(
        &self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError> {
        let args = json!({
            "p_id": Uuid::now_v7(),
            "p_account_id": account.as_uuid(),
            "p_wa_id": wa_id.as_str(),
            "p_profile_name": profile_name,
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "contacts.upsert_by_wa_id",
                "inbox_upsert_contact",
                &[("select", CONTACT_COLUMNS)],
                &args,
            )
            .await?;
        let row = rows.into_iter().next().ok_or_else(|| {
            super::errors::unreadable("contacts.upsert_by_wa_id", "the upsert returned no row")
        })?;
        Ok(contact(&row)?)
    }

    async fn get(&self, id: ContactId) -> Result<Contact, RepoError> {
        let query = [
            ("select", CONTACT_COLUMNS.to_owned()),
            ("id", format!("eq.{}", id.as_uuid())),
        ];
        let rows: Vec<JsonRow> = self.rest.select("contacts.get", "contacts", &query).await?;
        let row = rows
            .into_iter()
            .next()
            .ok_or(RepoError::not_found("contact"))?;
        Ok(contact(&row)?)
    }

    async fn list(
        &self,
        account: AccountId,
        search: Option<ContactSearch>,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Contact>, RepoError> {
        let term = search.as_ref().map(ContactSearch::term);
        let function = if term.is_some_and(uses_trigram_index) {
            "inbox_search_contacts"
        } else {
            "inbox_list_contacts"
        };
        let list = KeysetList {
            operation: "contacts.list",
            function,
            query: &[("select", CONTACT_COLUMNS)],
            owner: ("p_account_id", account.as_uuid()),
        };
        let filters = [("p_search", json!(term))];
        let rows = keyset_rows(&self.rest, list, after, limit, &filters).await?;
        let items = all(rows, |row| contact(&row))?;
        Ok(Page::from_fetched(items, limit, Contact::cursor))
    }

    async fn update(&self, id: ContactId, update: ContactUpdate) -> Result<Contact, RepoError> {
        let (set_name, name) = set_or_keep(&update.display_name, |n| n.as_str());
        let (set_notes, notes) = set_or_keep(&update.notes, |n| n.as_str());
        let args = json!({
            "p_id": id.as_uuid(),
            "p_set_display_name": set_name,
            "p_display_name": name,
            "p_set_notes": set_notes,
            "p_notes": notes,
            "p_tags": update.tags.as_ref().map(|t| t.as_slice()),
        });
        let rows: Vec<JsonRow> = self
            .rest
            .rpc(
                "contacts.update",
                "inbox_update_contact",
                &[("select", CONTACT_COLUMNS)],
                &args,
            )
            .await?;
        let row = rows
            .into_iter()
            .next()
            .ok_or(RepoError::not_found("contact"))?;
        Ok(contact(&row)?)
    }
}
