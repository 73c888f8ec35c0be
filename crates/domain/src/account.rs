//! A connected WhatsApp business number and the credentials we use for it.

use secrecy::SecretString;
use time::OffsetDateTime;

use crate::error::ValidationError;
use crate::ids::AccountId;
use crate::phone::{DisplayPhoneNumber, PhoneNumberId, WabaId};

/// A WhatsApp business number connected to the inbox. Secrets never leave through `Debug`.
#[derive(Debug, Clone)]
pub struct Account {
    /// Our id.
    pub id: AccountId,
    /// What agents call this number.
    pub name: String,
    /// Meta's id of the number; webhooks are routed by it.
    pub phone_number_id: PhoneNumberId,
    /// The WhatsApp Business Account the number belongs to.
    pub waba_id: WabaId,
    /// The number as customers see it.
    pub display_phone_number: DisplayPhoneNumber,
    /// Graph API token used to send from this number.
    pub access_token: SecretString,
    /// Meta app secret that signs this number's webhooks.
    pub app_secret: SecretString,
    /// Token Meta echoes when subscribing the webhook.
    pub verify_token: SecretString,
    /// When the account was connected.
    pub created_at: OffsetDateTime,
    /// Last change of the account.
    pub updated_at: OffsetDateTime,
}

/// A validated request to connect a number.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Id chosen by the caller (a fresh UUIDv7 normally).
    pub id: AccountId,
    /// Display name, 1 to 100 characters.
    pub name: String,
    /// Meta's id of the number.
    pub phone_number_id: PhoneNumberId,
    /// The WhatsApp Business Account.
    pub waba_id: WabaId,
    /// The number as customers see it.
    pub display_phone_number: DisplayPhoneNumber,
    /// Graph API token.
    pub access_token: SecretString,
    /// Meta app secret.
    pub app_secret: SecretString,
    /// Webhook verify token.
    pub verify_token: SecretString,
}

/// Checks an account name: trimmed, 1 to 100 characters, no control characters.
pub fn parse_account_name(value: &str) -> Result<String, ValidationError> {
    let name = value.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ValidationError::new(
            "name",
            "must have 1 to 100 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "name",
            "must not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// Checks a credential: non-empty, at most 4096 bytes, no whitespace inside.
pub fn parse_secret(field: &'static str, value: String) -> Result<SecretString, ValidationError> {
    if value.is_empty() || value.len() > 4096 {
        return Err(ValidationError::new(
            field,
            "must have 1 to 4096 characters",
        ));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(ValidationError::new(field, "must not contain whitespace"));
    }
    Ok(SecretString::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_account_name("  Sales ").unwrap(), "Sales");
        assert!(parse_account_name("   ").is_err());
        assert!(parse_account_name(&"x".repeat(101)).is_err());
        assert!(parse_account_name("a\u{0}b").is_err());
    }

    #[test]
    fn secrets_are_checked_and_redacted_in_debug() {
        let secret = parse_secret("access_token", "EAAG123".into()).unwrap();
        assert_eq!(secret.expose_secret(), "EAAG123");
        assert!(!format!("{secret:?}").contains("EAAG123"));
        assert_eq!(
            parse_secret("app_secret", String::new()).unwrap_err().field,
            "app_secret"
        );
        assert!(parse_secret("verify_token", "a b".into()).is_err());
    }
}
