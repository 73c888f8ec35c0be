//! Storage of customers per account.

use async_trait::async_trait;

use crate::contact::Contact;
use crate::error::RepoError;
use crate::ids::{AccountId, ContactId};
use crate::phone::WaId;

/// Customers of each account.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait ContactRepo: Send + Sync {
    /// The contact of `account` with `wa_id`, created if new. A given `profile_name` replaces
    /// the stored one; `None` keeps it. Idempotent: calling it twice yields the same contact.
    ///
    /// # Errors
    /// - `MissingReference` (entity "account") when the account does not exist.
    /// - `Invalid` when the profile name is longer than 256 characters.
    async fn upsert_by_wa_id(
        &self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError>;

    /// The contact with this id.
    ///
    /// # Errors
    /// - `NotFound` (entity "contact") when there is none.
    async fn get(&self, id: ContactId) -> Result<Contact, RepoError>;
}
