//! Storage of customers per account.

use async_trait::async_trait;

use crate::contact::Contact;
use crate::contact_search::ContactSearch;
use crate::contact_update::ContactUpdate;
use crate::cursor::{Cursor, Page, PageLimit};
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

    /// A page of the account's contacts, newest first (by creation time, ties by id,
    /// descending); with `search`, only those whose display name, profile name or wa_id
    /// contains it, ignoring case. `after` continues from a previous page's `next`, read with
    /// the same search. One read. An unknown account yields an empty page.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(
        &self,
        account: AccountId,
        search: Option<ContactSearch>,
        after: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Contact>, RepoError>;

    /// Changes the agents' fields of the contact (display name, notes, tags) as `update` says
    /// and returns the contact as stored. Atomic. `updated_at` moves only when a value really
    /// changes, so repeating an update returns an equal contact.
    ///
    /// # Errors
    /// - `NotFound` (entity "contact") when there is none.
    async fn update(&self, id: ContactId, update: ContactUpdate) -> Result<Contact, RepoError>;
}
