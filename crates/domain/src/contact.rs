//! A customer who writes to one account.

use time::OffsetDateTime;

use crate::ids::{AccountId, ContactId};
use crate::phone::WaId;

/// A customer of one account, known by their WhatsApp id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Our id.
    pub id: ContactId,
    /// The account this customer writes to.
    pub account_id: AccountId,
    /// Their WhatsApp id (phone number); absent for customers known only by a business-scoped id.
    pub wa_id: Option<WaId>,
    /// Meta's business-scoped user id, when Meta sends one.
    pub bsuid: Option<String>,
    /// The name from their WhatsApp profile, as Meta last reported it.
    pub profile_name: Option<String>,
    /// The name agents gave them; shown instead of the profile name when set.
    pub display_name: Option<String>,
    /// Agents' notes about them.
    pub notes: Option<String>,
    /// Agents' labels, in the order they were given.
    pub tags: Vec<String>,
    /// When we first heard of them.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

/// What the inbox list shows of a customer: who they are, without the agents' notes and labels
/// (those come with the contact itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    /// Our id.
    pub id: ContactId,
    /// Their WhatsApp id (phone number); absent for customers known only by a business-scoped id.
    pub wa_id: Option<WaId>,
    /// Meta's business-scoped user id, when Meta sends one.
    pub bsuid: Option<String>,
    /// The name from their WhatsApp profile, as Meta last reported it.
    pub profile_name: Option<String>,
    /// The name agents gave them; shown instead of the profile name when set.
    pub display_name: Option<String>,
}

impl From<&Contact> for ContactCard {
    fn from(contact: &Contact) -> Self {
        Self {
            id: contact.id,
            wa_id: contact.wa_id.clone(),
            bsuid: contact.bsuid.clone(),
            profile_name: contact.profile_name.clone(),
            display_name: contact.display_name.clone(),
        }
    }
}
