//! Storage of connected WhatsApp business numbers.

use async_trait::async_trait;

use crate::account::{Account, NewAccount};
use crate::error::RepoError;
use crate::ids::AccountId;
use crate::phone::PhoneNumberId;

/// Accounts (business numbers) and their credentials.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait AccountRepo: Send + Sync {
    /// Stores a new account and returns it as stored.
    ///
    /// # Errors
    /// - `Conflict` (entity "account") when an account with the same `phone_number_id` or id exists.
    /// - `Invalid` (entity "account") when the name has more than 100 characters or a secret
    ///   more than 4096 (use `parse_account_name` / `parse_secret` to reject them earlier).
    /// - `Unavailable` when storage cannot be reached.
    async fn create(&self, account: NewAccount) -> Result<Account, RepoError>;

    /// The account with this id.
    ///
    /// # Errors
    /// - `NotFound` (entity "account") when there is none.
    async fn get(&self, id: AccountId) -> Result<Account, RepoError>;

    /// The account that owns Meta's `phone_number_id`, or `None`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn find_by_phone_number_id(
        &self,
        phone_number_id: &PhoneNumberId,
    ) -> Result<Option<Account>, RepoError>;

    /// Every account, oldest first.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(&self) -> Result<Vec<Account>, RepoError>;
}
