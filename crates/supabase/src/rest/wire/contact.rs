//! `contacts` rows.

use serde::Deserialize;
use uuid::Uuid;

use inbox_domain::{AccountId, Contact, ContactId, WaId};

use super::{Timestamp, WireError, parse};

/// A `contacts` row.
#[derive(Debug, Deserialize)]
pub(crate) struct ContactRow {
    id: Uuid,
    account_id: Uuid,
    wa_id: Option<String>,
    bsuid: Option<String>,
    profile_name: Option<String>,
    display_name: Option<String>,
    notes: Option<String>,
    tags: Vec<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

/// The columns `ContactRow` reads.
pub(crate) const CONTACT_COLUMNS: &str =
    "id,account_id,wa_id,bsuid,profile_name,display_name,notes,tags,created_at,updated_at";

impl ContactRow {
    /// The domain's contact.
    pub(crate) fn into_domain(self) -> Result<Contact, WireError> {
        Ok(Contact {
            id: ContactId::from_uuid(self.id),
            account_id: AccountId::from_uuid(self.account_id),
            wa_id: self
                .wa_id
                .as_deref()
                .map(|text| parse("wa_id", text, WaId::parse))
                .transpose()?,
            bsuid: self.bsuid,
            profile_name: self.profile_name,
            display_name: self.display_name,
            notes: self.notes,
            tags: self.tags,
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
        })
    }
}
