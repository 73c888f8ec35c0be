//! Invitations: an email, the roles it will receive, and where the invitation stands.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::access::{RoleKey, parse_email};
use crate::error::ValidationError;
use crate::identity::IdentityId;
use crate::ids::{AccountId, AppUserId, InvitationId};

/// Most role grants one invitation may carry.
pub const INVITATION_GRANTS_MAX: usize = 20;

/// A role the invited person receives on acceptance, on one account or (`None`) on all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvitationGrant {
    /// The account, or `None` for every account, present and future.
    pub account: Option<AccountId>,
    /// The role.
    pub role: RoleKey,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvitationState {
    /// Not yet accepted and not past its expiry.
    Pending,
    /// The invited person signed in and received the roles.
    Accepted,
    /// Withdrawn by an administrator.
    Revoked,
    /// Not accepted in time.
    Expired,
}

impl InvitationState {
    /// The state as stored and shown, e.g. `pending`.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }
}

impl std::str::FromStr for InvitationState {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Pending, Self::Accepted, Self::Revoked, Self::Expired]
            .into_iter()
            .find(|state| state.key() == s)
            .ok_or_else(|| {
                ValidationError::new("state", "must be pending, accepted, revoked or expired")
            })
    }
}

/// An invitation to record. Holding one means the email and grants were checked.
#[derive(Clone, PartialEq, Eq)]
pub struct NewInvitation {
    /// The invitation's id.
    pub id: InvitationId,
    /// The invited address (trimmed; compared case-insensitively).
    pub email: String,
    /// The roles granted on acceptance (1 to 20, no duplicates).
    pub grants: Vec<InvitationGrant>,
    /// After this instant the invitation can no longer be accepted.
    pub expires_at: OffsetDateTime,
    /// Who invited, if known.
    pub invited_by: Option<AppUserId>,
}

impl NewInvitation {
    /// An invitation with a fresh id, after checking the email and the grants.
    ///
    /// # Errors
    /// `email` when it is not `local@domain`; `grants` when there are none, more than 20, or
    /// the same role twice on one scope.
    pub fn new(
        email: &str,
        grants: Vec<InvitationGrant>,
        expires_at: OffsetDateTime,
        invited_by: Option<AppUserId>,
    ) -> Result<Self, ValidationError> {
        let email = parse_email(email)?;
        if grants.is_empty() || grants.len() > INVITATION_GRANTS_MAX {
            return Err(ValidationError::new(
                "grants",
                "must hold 1 to 20 roles to grant",
            ));
        }
        let unique: std::collections::BTreeSet<&InvitationGrant> = grants.iter().collect();
        if unique.len() != grants.len() {
            return Err(ValidationError::new(
                "grants",
                "must not grant the same role twice on one account",
            ));
        }
        Ok(Self {
            id: InvitationId::generate(),
            email,
            grants,
            expires_at,
            invited_by,
        })
    }
}

impl fmt::Debug for NewInvitation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewInvitation")
            .field("id", &self.id)
            .field("grants", &self.grants)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A stored invitation. The email is personal data: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    /// Its id.
    pub id: InvitationId,
    /// The invited address.
    pub email: String,
    /// The roles granted on acceptance.
    pub grants: Vec<InvitationGrant>,
    /// Where it stands; a pending invitation past its expiry reads as `Expired`.
    pub state: InvitationState,
    /// Who invited (`None` once that user was deleted).
    pub invited_by: Option<AppUserId>,
    /// When it stops being acceptable.
    pub expires_at: OffsetDateTime,
    /// When it was accepted.
    pub accepted_at: Option<OffsetDateTime>,
    /// The identity that accepted it.
    pub identity: Option<IdentityId>,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
}

impl fmt::Debug for InvitationRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvitationRecord")
            .field("id", &self.id)
            .field("grants", &self.grants)
            .field("state", &self.state)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(key: &str) -> InvitationGrant {
        InvitationGrant {
            account: None,
            role: key.parse().unwrap(),
        }
    }

    #[test]
    fn an_invitation_needs_an_email_and_distinct_grants() {
        let at = OffsetDateTime::UNIX_EPOCH;
        assert!(NewInvitation::new("a@b.c", vec![grant("agent")], at, None).is_ok());
        let err = |email: &str, grants| NewInvitation::new(email, grants, at, None).unwrap_err();
        assert_eq!(err("nope", vec![grant("agent")]).field, "email");
        assert_eq!(err("a@b.c", vec![]).field, "grants");
        assert_eq!(
            err("a@b.c", vec![grant("agent"), grant("agent")]).field,
            "grants"
        );
        assert_eq!(err("a@b.c", vec![grant("agent"); 21]).field, "grants");
    }

    #[test]
    fn states_round_trip_and_debug_hides_the_email() {
        for state in ["pending", "accepted", "revoked", "expired"] {
            assert_eq!(state.parse::<InvitationState>().unwrap().key(), state);
        }
        assert_eq!("x".parse::<InvitationState>().unwrap_err().field, "state");
        let new = NewInvitation::new(
            "ann@example.com",
            vec![grant("agent")],
            OffsetDateTime::UNIX_EPOCH,
            None,
        )
        .unwrap();
        assert!(!format!("{new:?}").contains("ann@"));
    }
}
