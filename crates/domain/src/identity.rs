//! Who a bearer token speaks for: the identity id and what a verified token proved about it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::ValidationError;

/// The identity provider's id of a person (Supabase Auth's `auth.users.id`, the token's `sub`).
/// Not an app user: linking an identity to roles and accounts is the access layer's job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdentityId(Uuid);

impl IdentityId {
    /// Wraps an identity id read from a token or from storage.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for IdentityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for IdentityId {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s)
            .map(Self)
            .map_err(|_| ValidationError::new("sub", "must be a UUID"))
    }
}

/// What a token whose signature, lifetime, audience and issuer were checked says about its bearer.
/// Proves identity only: roles and permissions come from our own records, never from claims.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The identity the token was issued to (`sub`).
    pub identity: IdentityId,
    /// The identity's email (`email`), `None` when absent or empty. Personal data: never log it.
    pub email: Option<String>,
    /// The provider's role claim, e.g. Supabase's `authenticated`, `anon` or `service_role`.
    pub role: Option<String>,
    /// Whether the provider marks the identity as an anonymous sign-in (`is_anonymous`).
    pub is_anonymous: bool,
    /// When the token stops being valid (`exp`); nothing derived from it may outlive this.
    pub expires_at: OffsetDateTime,
    /// The provider's session id (`session_id`), when it has one.
    pub session_id: Option<String>,
}

impl fmt::Debug for VerifiedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedToken")
            .field("identity", &self.identity)
            .field("email", &self.email.as_ref().map(|_| "<redacted>"))
            .field("role", &self.role)
            .field("is_anonymous", &self.is_anonymous)
            .field("expires_at", &self.expires_at)
            .field("session_id", &self.session_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_id_round_trips_through_text_and_rejects_non_uuids() {
        let id = IdentityId::from_uuid(Uuid::new_v4());
        assert_eq!(id.to_string().parse::<IdentityId>().unwrap(), id);
        assert!("not-a-uuid".parse::<IdentityId>().is_err());
    }

    #[test]
    fn debug_output_hides_the_email() {
        let token = VerifiedToken {
            identity: IdentityId::from_uuid(Uuid::nil()),
            email: Some("agent@example.com".to_owned()),
            role: Some("authenticated".to_owned()),
            is_anonymous: false,
            expires_at: OffsetDateTime::UNIX_EPOCH,
            session_id: None,
        };
        let shown = format!("{token:?}");
        assert!(!shown.contains("agent@example.com"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
