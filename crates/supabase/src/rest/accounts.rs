//! `AccountRepo` over the `accounts` table through PostgREST.

use async_trait::async_trait;
use inbox_domain::ports::AccountRepo;
use inbox_domain::{Account, AccountId, NewAccount, PhoneNumberId, RepoError};
use secrecy::ExposeSecret;
use serde_json::json;

use super::call::Rest;
use super::wire::{ACCOUNT_COLUMNS, AccountRow, all};

/// Accounts in Supabase.
pub(crate) struct RestAccounts {
    rest: Rest,
}

impl RestAccounts {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }

    /// The account whose `column` equals `value`, if any.
    async fn find(
        &self,
        operation: &'static str,
        column: &str,
        value: String,
    ) -> Result<Option<Account>, RepoError> {
        let query = [
            ("select", ACCOUNT_COLUMNS.to_owned()),
            (column, format!("eq.{value}")),
        ];
        let rows: Vec<AccountRow> = self.rest.select(operation, "accounts", &query).await?;
        Ok(rows
            .into_iter()
            .next()
            .map(AccountRow::into_domain)
            .transpose()?)
    }
}

#[async_trait]
impl AccountRepo for RestAccounts {
    async fn create(&self, account: NewAccount) -> Result<Account, RepoError> {
        let row = json!({
            "id": account.id.as_uuid(),
            "name": account.name,
            "phone_number_id": account.phone_number_id.as_str(),
            "waba_id": account.waba_id.as_str(),
            "display_phone_number": account.display_phone_number.as_str(),
            "access_token": account.access_token.expose_secret(),
            "app_secret": account.app_secret.expose_secret(),
            "verify_token": account.verify_token.expose_secret(),
        });
        let stored: AccountRow = self
            .rest
            .insert("accounts.create", "accounts", ACCOUNT_COLUMNS, &row)
            .await?;
        Ok(stored.into_domain()?)
    }

    async fn get(&self, id: AccountId) -> Result<Account, RepoError> {
        self.find("accounts.get", "id", id.as_uuid().to_string())
            .await?
            .ok_or(RepoError::not_found("account"))
    }

    async fn find_by_phone_number_id(
        &self,
        phone_number_id: &PhoneNumberId,
    ) -> Result<Option<Account>, RepoError> {
        self.find(
            "accounts.find_by_phone_number_id",
            "phone_number_id",
            phone_number_id.as_str().to_owned(),
        )
        .await
    }

    async fn list(&self) -> Result<Vec<Account>, RepoError> {
        let query = [
            ("select", ACCOUNT_COLUMNS.to_owned()),
            ("order", "created_at.asc,id.asc".to_owned()),
        ];
        let rows = self
            .rest
            .select("accounts.list", "accounts", &query)
            .await?;
        all(rows, AccountRow::into_domain)
    }
}
