//! Account bodies: the create request (secrets write-only) and the response (never any secret).

use inbox_domain::account::{parse_account_name, parse_secret};
use inbox_domain::{
    Account, AccountId, DisplayPhoneNumber, NewAccount, PhoneNumberId, ValidationError, WabaId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Body of `POST /accounts`. Every field is required; an error names the first bad one.
// Fields are read as any JSON value and checked one by one, so that a missing field or a
// number where text belongs is still reported with the field's name.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateAccountRequest {
    /// What agents call this number, 1 to 100 characters.
    #[schema(value_type = String, required = true, example = "Sales")]
    #[serde(default)]
    pub name: Option<Value>,
    /// Meta's id of the business phone number (digits, as a string).
    #[schema(value_type = String, required = true, example = "106540352242922")]
    #[serde(default)]
    pub phone_number_id: Option<Value>,
    /// Meta's id of the WhatsApp Business Account (digits, as a string).
    #[schema(value_type = String, required = true, example = "102290129340398")]
    #[serde(default)]
    pub waba_id: Option<Value>,
    /// The number as customers see it; stored in E.164 form.
    #[schema(value_type = String, required = true, example = "+1 555-078 3881")]
    #[serde(default)]
    pub display_phone_number: Option<Value>,
    /// Graph API token used to send from this number. Write-only.
    #[schema(value_type = String, required = true, write_only)]
    #[serde(default)]
    pub access_token: Option<Value>,
    /// Meta app secret that signs this number's webhooks. Write-only.
    #[schema(value_type = String, required = true, write_only)]
    #[serde(default)]
    pub app_secret: Option<Value>,
    /// Token Meta echoes when subscribing the webhook. Write-only.
    #[schema(value_type = String, required = true, write_only)]
    #[serde(default)]
    pub verify_token: Option<Value>,
}

/// The text of a required string field, or an error naming it.
fn text(field: &'static str, value: Option<Value>) -> Result<String, ValidationError> {
    match value {
        None | Some(Value::Null) => Err(ValidationError::new(field, "is required")),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ValidationError::new(field, "must be a string")),
    }
}

impl CreateAccountRequest {
    /// Checks every field with the domain's parsers, in declaration order.
    pub fn try_into_domain(self) -> Result<NewAccount, ValidationError> {
        Ok(NewAccount {
            id: AccountId::generate(),
            name: parse_account_name(&text("name", self.name)?)?,
            phone_number_id: PhoneNumberId::parse(&text("phone_number_id", self.phone_number_id)?)?,
            waba_id: WabaId::parse(&text("waba_id", self.waba_id)?)?,
            display_phone_number: DisplayPhoneNumber::parse(&text(
                "display_phone_number",
                self.display_phone_number,
            )?)?,
            access_token: parse_secret("access_token", text("access_token", self.access_token)?)?,
            app_secret: parse_secret("app_secret", text("app_secret", self.app_secret)?)?,
            verify_token: parse_secret("verify_token", text("verify_token", self.verify_token)?)?,
        })
    }
}

/// A connected business number as the API shows it: credentials are never included.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountResponse {
    /// Our id.
    pub id: Uuid,
    /// What agents call this number.
    pub name: String,
    /// Meta's id of the number.
    pub phone_number_id: String,
    /// The WhatsApp Business Account.
    pub waba_id: String,
    /// The number in E.164 form.
    #[schema(example = "+15550783881")]
    pub display_phone_number: String,
    /// When the account was connected (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last change (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<&Account> for AccountResponse {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.as_uuid(),
            name: a.name.clone(),
            phone_number_id: a.phone_number_id.as_str().to_owned(),
            waba_id: a.waba_id.as_str().to_owned(),
            display_phone_number: a.display_phone_number.as_str().to_owned(),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// Body of `GET /accounts`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountList {
    /// Every account, oldest first.
    pub items: Vec<AccountResponse>,
}
