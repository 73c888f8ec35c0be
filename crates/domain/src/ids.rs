//! Typed identifiers, so an account id can never be passed where a message id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::error::ValidationError;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered (UUIDv7) identifier.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an identifier read back from storage.
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|_| ValidationError::new($field, "must be a UUID"))
            }
        }
    };
}

uuid_id!(
    /// Identifies a connected WhatsApp business number.
    AccountId,
    "account_id"
);
uuid_id!(
    /// Identifies a customer of one account.
    ContactId,
    "contact_id"
);
uuid_id!(
    /// Identifies the thread between an account and a contact.
    ConversationId,
    "conversation_id"
);
uuid_id!(
    /// Identifies one message, inbound or outbound.
    MessageId,
    "message_id"
);
uuid_id!(
    /// Identifies a person who uses the inbox (an app user, linked to an identity).
    AppUserId,
    "user_id"
);
uuid_id!(
    /// Identifies an invitation to become a user of the inbox.
    InvitationId,
    "invitation_id"
);
uuid_id!(
    /// Identifies one message template of one account (one name in one language).
    TemplateId,
    "template_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = MessageId::generate();
        assert_eq!(id.to_string().parse::<MessageId>().unwrap(), id);
    }

    #[test]
    fn a_bad_id_names_its_field() {
        let err = "nope".parse::<ConversationId>().unwrap_err();
        assert_eq!(err.field, "conversation_id");
    }

    #[test]
    fn generated_ids_are_time_ordered() {
        let a = AccountId::generate();
        let b = AccountId::generate();
        assert!(a < b);
    }
}
