//! Who a deleted message is deleted for, in WhatsApp's terms.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::ValidationError;

/// The scope of a deletion. WhatsApp's "me" is the business number, which every agent of
/// the team inbox shares: either scope hides the message's content from every read of the
/// inbox. `Everyone` also means the customer's copy should go (Meta is asked by the sending
/// side later), so only the business's own (outbound) messages can be deleted for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteScope {
    /// Hidden in this inbox; the customer keeps their copy.
    Me,
    /// Hidden in this inbox and to be revoked on the customer's phone.
    Everyone,
}

impl DeleteScope {
    /// The stored and wire name (`messages.deleted_scope`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Me => "me",
            Self::Everyone => "everyone",
        }
    }
}

impl FromStr for DeleteScope {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "me" => Ok(Self::Me),
            "everyone" => Ok(Self::Everyone),
            _ => Err(ValidationError::new("scope", "must be me or everyone")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_their_names() {
        for scope in [DeleteScope::Me, DeleteScope::Everyone] {
            assert_eq!(scope.as_str().parse::<DeleteScope>().unwrap(), scope);
        }
        assert_eq!("all".parse::<DeleteScope>().unwrap_err().field, "scope");
    }
}
