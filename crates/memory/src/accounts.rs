//! `AccountRepo` in memory: business numbers, unique by id and by Meta's phone_number_id.

use async_trait::async_trait;
use secrecy::ExposeSecret;

use inbox_domain::ports::AccountRepo;
use inbox_domain::{Account, AccountId, NewAccount, PhoneNumberId, RepoError};

use crate::checks::text;
use crate::clock::now;
use crate::state::State;
use crate::store::MemoryStore;

const ENTITY: &str = "account";

impl State {
    /// `INSERT INTO accounts`: CHECKs first, then the primary key, then the phone number.
    fn create_account(&mut self, new: NewAccount) -> Result<Account, RepoError> {
        text(ENTITY, "name", &new.name, 1, 100)?;
        for (column, secret) in [
            ("access_token", &new.access_token),
            ("app_secret", &new.app_secret),
            ("verify_token", &new.verify_token),
        ] {
            text(ENTITY, column, secret.expose_secret(), 1, 4096)?;
        }
        if self.accounts.contains_key(&new.id) {
            return Err(conflict("accounts_pkey"));
        }
        if self
            .account_by_phone_number_id
            .contains_key(&new.phone_number_id)
        {
            return Err(conflict("accounts_phone_number_id_key"));
        }
        let at = now();
        let account = Account {
            id: new.id,
            name: new.name,
            phone_number_id: new.phone_number_id,
            waba_id: new.waba_id,
            display_phone_number: new.display_phone_number,
            access_token: new.access_token,
            app_secret: new.app_secret,
            verify_token: new.verify_token,
            created_at: at,
            updated_at: at,
        };
        self.account_by_phone_number_id
            .insert(account.phone_number_id.clone(), account.id);
        self.accounts_by_age.insert((at, account.id));
        self.accounts.insert(account.id, account.clone());
        Ok(account)
    }
}

fn conflict(constraint: &str) -> RepoError {
    RepoError::Conflict {
        entity: ENTITY,
        constraint: constraint.to_owned(),
    }
}

#[async_trait]
impl AccountRepo for MemoryStore {
    async fn create(&self, account: NewAccount) -> Result<Account, RepoError> {
        self.write()?.create_account(account)
    }

    async fn get(&self, id: AccountId) -> Result<Account, RepoError> {
        self.read()?
            .accounts
            .get(&id)
            .cloned()
            .ok_or(RepoError::not_found(ENTITY))
    }

    async fn find_by_phone_number_id(
        &self,
        phone_number_id: &PhoneNumberId,
    ) -> Result<Option<Account>, RepoError> {
        let state = self.read()?;
        Ok(state
            .account_by_phone_number_id
            .get(phone_number_id)
            .and_then(|id| state.accounts.get(id))
            .cloned())
    }

    async fn list(&self) -> Result<Vec<Account>, RepoError> {
        let state = self.read()?;
        Ok(state
            .accounts_by_age
            .iter()
            .filter_map(|(_, id)| state.accounts.get(id))
            .cloned()
            .collect())
    }
}
