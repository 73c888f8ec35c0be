//! `accounts` rows.

use secrecy::SecretString;
use serde::Deserialize;
use uuid::Uuid;

use inbox_domain::{Account, AccountId, DisplayPhoneNumber, PhoneNumberId, WabaId};

use super::{Timestamp, WireError, parse};

/// An `accounts` row.
#[derive(Debug, Deserialize)]
pub(crate) struct AccountRow {
    id: Uuid,
    name: String,
    phone_number_id: String,
    waba_id: String,
    display_phone_number: String,
    access_token: String,
    app_secret: String,
    verify_token: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

/// The columns `AccountRow` reads.
pub(crate) const ACCOUNT_COLUMNS: &str = "id,name,phone_number_id,waba_id,display_phone_number,\
     access_token,app_secret,verify_token,created_at,updated_at";

impl AccountRow {
    /// The domain's account.
    pub(crate) fn into_domain(self) -> Result<Account, WireError> {
        Ok(Account {
            id: AccountId::from_uuid(self.id),
            name: self.name,
            phone_number_id: parse(
                "phone_number_id",
                &self.phone_number_id,
                PhoneNumberId::parse,
            )?,
            waba_id: parse("waba_id", &self.waba_id, WabaId::parse)?,
            display_phone_number: parse(
                "display_phone_number",
                &self.display_phone_number,
                DisplayPhoneNumber::parse,
            )?,
            access_token: SecretString::from(self.access_token),
            app_secret: SecretString::from(self.app_secret),
            verify_token: SecretString::from(self.verify_token),
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
        })
    }
}
