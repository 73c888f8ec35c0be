//! `ContactRepo` over the `contacts` table.

use async_trait::async_trait;
use inbox_domain::ports::ContactRepo;
use inbox_domain::{AccountId, Contact, ContactId, RepoError, WaId};
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
use crate::rows::{self, CONTACT};

/// The columns `rows::contact` reads with `CONTACT`.
macro_rules! columns {
    () => {
        "id, account_id, wa_id, bsuid, profile_name, created_at, updated_at"
    };
}

/// Creates the contact or returns the stored one; a given name replaces the stored one, and
/// `updated_at` moves only when the name really changes, so a repeat returns an equal contact.
const UPSERT_BY_WA_ID: &str = concat!(
    "INSERT INTO contacts AS c (id, account_id, wa_id, profile_name) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (account_id, wa_id) DO UPDATE SET \
       profile_name = COALESCE(EXCLUDED.profile_name, c.profile_name), \
       updated_at = CASE WHEN EXCLUDED.profile_name IS NOT NULL \
                          AND EXCLUDED.profile_name IS DISTINCT FROM c.profile_name \
                         THEN now() ELSE c.updated_at END \
     RETURNING ",
    columns!()
);
const GET: &str = concat!("SELECT ", columns!(), " FROM contacts WHERE id = $1");

/// Contacts in PostgreSQL.
pub(crate) struct PgContacts {
    pg: Pg,
}

impl PgContacts {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl ContactRepo for PgContacts {
    async fn upsert_by_wa_id(
        &self,
        account: AccountId,
        wa_id: &WaId,
        profile_name: Option<String>,
    ) -> Result<Contact, RepoError> {
        let db = self.pg.db().await?;
        let new_id = Uuid::now_v7();
        let row = db
            .query_one(
                UPSERT_BY_WA_ID,
                &[
                    (&new_id, Type::UUID),
                    (&account.as_uuid(), Type::UUID),
                    (&wa_id.as_str(), Type::TEXT),
                    (&profile_name, Type::TEXT),
                ],
            )
            .await?;
        Ok(rows::contact(&row, &CONTACT)?)
    }

    async fn get(&self, id: ContactId) -> Result<Contact, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(GET, &[(&id.as_uuid(), Type::UUID)])
            .await?
            .ok_or(RepoError::not_found("contact"))?;
        Ok(rows::contact(&row, &CONTACT)?)
    }
}
