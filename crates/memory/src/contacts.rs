//! `ContactRepo` in memory: customers per account, unique by (account, wa_id).

use async_trait::async_trait;

use inbox_domain::ports::ContactRepo;
use inbox_domain::{AccountId, Contact, ContactId, RepoError, WaId};

use crate::checks::text;
use crate::clock::now;
use crate::state::State;
use crate::store::MemoryStore;

const ENTITY: &str = "contact";

impl State {
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
                .ok_or(crate::error::StoreError::Dangling(ENTITY))?;
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
            created_at: at,
            updated_at: at,
        };
        self.contact_by_wa_id.insert(key, contact.id);
        self.contacts.insert(contact.id, contact.clone());
        Ok(contact)
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
}
