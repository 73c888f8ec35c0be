//! `ContactRepo` in memory: customers per account, unique by (account, wa_id), listed newest
//! first, searched by name or number, edited by agents.

use async_trait::async_trait;

use inbox_domain::ports::ContactRepo;
use inbox_domain::{
    AccountId, Contact, ContactId, ContactSearch, ContactUpdate, Cursor, FieldUpdate, Page,
    PageLimit, RepoError, WaId,
};

use crate::checks::text;
use crate::clock::{now, stored};
use crate::error::StoreError;
use crate::state::State;
use crate::store::MemoryStore;

const ENTITY: &str = "contact";

impl State {
    /// Stores a new contact and indexes it by wa_id, business-scoped id and age.
    pub(crate) fn insert_contact(&mut self, contact: Contact) {
        let account = contact.account_id;
        if let Some(wa_id) = &contact.wa_id {
            self.contact_by_wa_id
                .insert((account, wa_id.clone()), contact.id);
        }
        if let Some(bsuid) = &contact.bsuid {
            self.contact_by_bsuid
                .insert((account, bsuid.clone()), contact.id);
        }
        self.contacts_by_age
            .entry(account)
            .or_default()
            .insert((contact.created_at, contact.id));
        self.contacts.insert(contact.id, contact);
    }

    /// `INSERT ... ON CONFLICT (account_id, wa_id) DO UPDATE`: a given profile name replaces the
    /// stored one, `None` keeps it; a call that changes nothing leaves `updated_at` alone.
    fn upsert_contact(
        &mut self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError> {
        if let Some(name) = &profile_name {
            text(ENTITY, "profile_name", name, 0, 256)?;
        }
        let key = (account, wa_id.clone());
        if let Some(id) = self.contact_by_wa_id.get(&key) {
            let contact = self
                .contacts
                .get_mut(id)
                .ok_or(StoreError::Dangling(ENTITY))?;
            if profile_name.is_some() && profile_name != contact.profile_name {
                contact.profile_name = profile_name;
                contact.updated_at = now();
            }
            return Ok(contact.clone());
        }
        if !self.accounts.contains_key(&account) {
            return Err(RepoError::MissingReference { entity: "account" });
        }
        let at = now();
        let contact = Contact {
            id: ContactId::generate(),
            account_id: account,
            wa_id: Some(wa_id.clone()),
            bsuid: None,
            profile_name,
            display_name: None,
            notes: None,
            tags: Vec::new(),
            created_at: at,
            updated_at: at,
        };
        self.insert_contact(contact.clone());
        Ok(contact)
    }

    /// `inbox_list_contacts` / `inbox_search_contacts`: newest first by (created_at, id), after
    /// `after`, the search tested on each contact.
    fn list_contacts(
        &self,
        account: AccountId,
        search: Option<&ContactSearch>,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Contact>, RepoError> {
        let size = usize::from(limit.get());
        let Some(index) = self.contacts_by_age.get(&account) else {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        };
        let after = after.map(|c| (stored(c.at), ContactId::from_uuid(c.id)));
        let older = match after {
            Some(after) => index.range(..after),
            None => index.range(..),
        };
        let mut items = Vec::with_capacity(size + 1);
        for (_, id) in older.rev() {
            let contact = self.contacts.get(id).ok_or(StoreError::Dangling(ENTITY))?;
            if search.is_none_or(|s| s.matches(contact)) {
                items.push(contact.clone());
                if items.len() > size {
                    break;
                }
            }
        }
        Ok(Page::from_fetched(items, limit, Contact::cursor))
    }

    /// `inbox_update_contact`: applies the agents' fields; `updated_at` moves only on a change.
    fn update_contact(
        &mut self,
        id: ContactId,
        update: ContactUpdate,
    ) -> Result<Contact, RepoError> {
        let contact = self
            .contacts
            .get_mut(&id)
            .ok_or(RepoError::not_found(ENTITY))?;
        let before = contact.clone();
        match update.display_name {
            FieldUpdate::Keep => {}
            FieldUpdate::Clear => contact.display_name = None,
            FieldUpdate::Set(name) => contact.display_name = Some(name.as_str().to_owned()),
        }
        match update.notes {
            FieldUpdate::Keep => {}
            FieldUpdate::Clear => contact.notes = None,
            FieldUpdate::Set(notes) => contact.notes = Some(notes.as_str().to_owned()),
        }
        if let Some(tags) = update.tags {
            contact.tags = tags.as_slice().to_vec();
        }
        if *contact != before {
            contact.updated_at = now();
        }
        Ok(contact.clone())
    }
}

#[async_trait]
impl ContactRepo for MemoryStore {
    async fn upsert_by_wa_id(
        &self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError> {
        self.write()?.upsert_contact(account, wa_id, profile_name)
    }

    async fn get(&self, id: ContactId) -> Result<Contact, RepoError> {
        self.read()?
            .contacts
            .get(&id)
            .cloned()
            .ok_or(RepoError::not_found(ENTITY))
    }

    async fn list(
        &self,
        account: AccountId,
        search: Option<ContactSearch>,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Contact>, RepoError> {
        self.read()?
            .list_contacts(account, search.as_ref(), after, limit)
    }

    async fn update(&self, id: ContactId, update: ContactUpdate) -> Result<Contact, RepoError> {
        self.write()?.update_contact(id, update)
    }
}
