//! `AccountRepo` over the `accounts` table.

use async_trait::async_trait;
use inbox_domain::ports::AccountRepo;
use inbox_domain::{Account, AccountId, NewAccount, PhoneNumberId, RepoError};
use secrecy::ExposeSecret;
use tokio_postgres::types::Type;

use crate::db::Pg;
use crate::rows;

/// The columns `rows::account` reads.
macro_rules! columns {
    () => {
        "id, name, phone_number_id, waba_id, display_phone_number, access_token, app_secret, \
         verify_token, created_at, updated_at"
    };
}

const INSERT: &str = concat!(
    "INSERT INTO accounts (id, name, phone_number_id, waba_id, display_phone_number, \
     access_token, app_secret, verify_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
    columns!()
);
const GET: &str = concat!("SELECT ", columns!(), " FROM accounts WHERE id = $1");
const BY_PHONE_NUMBER_ID: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM accounts WHERE phone_number_id = $1"
);
const LIST: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM accounts ORDER BY created_at, id"
);

/// Accounts in PostgreSQL.
pub(crate) struct PgAccounts {
    pg: Pg,
}

impl PgAccounts {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl AccountRepo for PgAccounts {
    async fn create(&self, account: NewAccount) -> Result<Account, RepoError> {
        let db = self.pg.db().await?;
        let id = account.id.as_uuid();
        let row = db
            .query_one(
                INSERT,
                &[
                    (&id, Type::UUID),
                    (&account.name, Type::TEXT),
                    (&account.phone_number_id.as_str(), Type::TEXT),
                    (&account.waba_id.as_str(), Type::TEXT),
                    (&account.display_phone_number.as_str(), Type::TEXT),
                    (&account.access_token.expose_secret(), Type::TEXT),
                    (&account.app_secret.expose_secret(), Type::TEXT),
                    (&account.verify_token.expose_secret(), Type::TEXT),
                ],
            )
            .await?;
        Ok(rows::account(&row)?)
    }

    async fn get(&self, id: AccountId) -> Result<Account, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(GET, &[(&id.as_uuid(), Type::UUID)])
            .await?
            .ok_or(RepoError::not_found("account"))?;
        Ok(rows::account(&row)?)
    }

    async fn find_by_phone_number_id(
        &self,
        phone_number_id: &PhoneNumberId,
    ) -> Result<Option<Account>, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(
                BY_PHONE_NUMBER_ID,
                &[(&phone_number_id.as_str(), Type::TEXT)],
            )
            .await?;
        Ok(row.as_ref().map(rows::account).transpose()?)
    }

    async fn list(&self) -> Result<Vec<Account>, RepoError> {
        let db = self.pg.db().await?;
        let rows = db.query(LIST, &[]).await?;
        Ok(rows.iter().map(rows::account).collect::<Result<_, _>>()?)
    }
}
