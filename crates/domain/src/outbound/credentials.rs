//! Who sends: a number's id, its Graph API token and version; and what Meta answers to a send.

use secrecy::SecretString;
use std::fmt;

use crate::account::Account;
use crate::error::ValidationError;
use crate::phone::{PhoneNumberId, WaId};
use crate::wamid::Wamid;

/// A Graph API version such as `v23.0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiVersion(String);

impl ApiVersion {
    /// Accepts `v` followed by digits, a dot and digits (`v23.0`, `v25.0`).
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let ok = value
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(major, minor)| {
                [major, minor].iter().all(|part| {
                    (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
                })
            });
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new("api_version", "must look like v23.0"))
        }
    }

    /// The version as written in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ApiVersion {
    /// `v23.0`, the version of Meta's official OpenAPI description (Meta's 2026 pages use
    /// `v25.0`; choose per account in config).
    fn default() -> Self {
        Self("v23.0".to_owned())
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The credentials of one business number for one Graph API call. `Debug` hides the token.
#[derive(Debug, Clone)]
pub struct SenderCredentials {
    /// The number that sends (and owns media and the business profile).
    pub phone_number_id: PhoneNumberId,
    /// The account's Graph API token, sent as `Authorization: Bearer`.
    pub access_token: SecretString,
    /// The account's Graph API version; the gateway's default when `None`.
    pub api_version: Option<ApiVersion>,
}

impl SenderCredentials {
    /// Credentials using the gateway's default API version.
    pub fn new(phone_number_id: PhoneNumberId, access_token: SecretString) -> Self {
        Self {
            phone_number_id,
            access_token,
            api_version: None,
        }
    }

    /// The credentials of a connected account.
    pub fn of(account: &Account) -> Self {
        Self::new(
            account.phone_number_id.clone(),
            account.access_token.clone(),
        )
    }

    /// The same credentials with an explicit API version.
    #[must_use]
    pub fn with_api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }
}

/// Meta's answer to an accepted send: accepted, not delivered (statuses come by webhook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    /// The id Meta gave the message; statuses and replies refer to it.
    pub wamid: Wamid,
    /// `contacts[0].wa_id`: the recipient as Meta resolved it (may differ from what we sent).
    pub recipient: Option<WaId>,
    /// `messages[0].message_status` for paced templates (`accepted`, `held_for_quality_assessment`,
    /// `paused`).
    pub message_status: Option<String>,
}
