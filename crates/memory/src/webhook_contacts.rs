//! `inbox_webhook_contact` in memory: a customer found by wa_id, else by business-scoped id.

use inbox_domain::inbound::document::DocContact;
use inbox_domain::{AccountId, Contact, ContactId, RepoError};

use crate::clock::now;
use crate::error::StoreError;
use crate::state::State;

const ENTITY: &str = "contact";

impl State {
    /// The contact `doc` names in `account`, created with `doc.id` if new. A contact known only by
    /// its business-scoped id gains the wa_id; an identifier we learn is filled in (a
    /// business-scoped id another contact holds is not taken over); a given profile name
    /// replaces the stored one. Returns the contact and whether anything changed.
    pub(crate) fn webhook_contact(
        &mut self,
        account: AccountId,
        doc: &DocContact,
    ) -> Result<(ContactId, bool), RepoError> {
        let by_wa_id = doc
            .wa_id
            .as_ref()
            .and_then(|w| self.contact_by_wa_id.get(&(account, w.clone())));
        let by_bsuid = || {
            doc.bsuid
                .as_ref()
                .and_then(|b| self.contact_by_bsuid.get(&(account, b.clone())))
                .filter(|id| {
                    doc.wa_id.is_none() || self.contacts.get(id).is_some_and(|c| c.wa_id.is_none())
                })
        };
        let found = by_wa_id.or_else(by_bsuid).copied();
        let bsuid = doc.bsuid.clone().filter(|b| {
            self.contact_by_bsuid
                .get(&(account, b.clone()))
                .is_none_or(|holder| Some(*holder) == found)
        });
        let Some(id) = found else {
            return self.insert_webhook_contact(account, doc, bsuid);
        };
        let contact = self
            .contacts
            .get_mut(&id)
            .ok_or(StoreError::Dangling(ENTITY))?;
        let mut changed = false;
        if contact.wa_id.is_none() && doc.wa_id.is_some() {
            contact.wa_id = doc.wa_id.clone();
            if let Some(wa_id) = &doc.wa_id {
                self.contact_by_wa_id.insert((account, wa_id.clone()), id);
            }
            changed = true;
        }
        if contact.bsuid.is_none() && bsuid.is_some() {
            contact.bsuid = bsuid.clone();
            if let Some(bsuid) = bsuid {
                self.contact_by_bsuid.insert((account, bsuid), id);
            }
            changed = true;
        }
        if doc.profile_name.is_some() && contact.profile_name != doc.profile_name {
            contact.profile_name = doc.profile_name.clone();
            changed = true;
        }
        if changed {
            contact.updated_at = now();
        }
        Ok((id, changed))
    }

    fn insert_webhook_contact(
        &mut self,
        account: AccountId,
        doc: &DocContact,
        bsuid: Option<String>,
    ) -> Result<(ContactId, bool), RepoError> {
        if doc.wa_id.is_none() && bsuid.is_none() {
            return Err(RepoError::Invalid {
                entity: ENTITY,
                reason: "violates contacts_identity_present".to_owned(),
            });
        }
        if self.contacts.contains_key(&doc.id) {
            return Err(RepoError::Conflict {
                entity: ENTITY,
                constraint: "contacts_pkey".to_owned(),
            });
        }
        let at = now();
        let contact = Contact {
            id: doc.id,
            account_id: account,
            wa_id: doc.wa_id.clone(),
            bsuid,
            profile_name: doc.profile_name.clone(),
            display_name: None,
            notes: None,
            tags: Vec::new(),
            created_at: at,
            updated_at: at,
        };
        self.insert_contact(contact);
        Ok((doc.id, true))
    }
}
