//! Why storage refuses an agent's action on a message.

use std::str::FromStr;

use thiserror::Error;

use crate::error::RepoError;

/// An action that the message's state does not allow. Repositories answer it as
/// `RepoError::Invalid` (entity "message"); the SQL functions of
/// `migrations/V10__message_actions.sql` report it by [`ActionRefused::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ActionRefused {
    /// Editing, or deleting for everyone, a customer's (inbound) message: WhatsApp lets a
    /// sender change only their own messages.
    #[error("only the business's own (outbound) messages can be changed this way")]
    NotOutbound,
    /// Editing a message that is not a text.
    #[error("only text messages can be edited")]
    NotText,
    /// Editing, or reacting to, a deleted message.
    #[error("the message was deleted")]
    Deleted,
}

impl ActionRefused {
    /// The code the SQL functions return for this refusal.
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotOutbound => "not_outbound",
            Self::NotText => "not_text",
            Self::Deleted => "deleted",
        }
    }
}

impl FromStr for ActionRefused {
    type Err = UnknownRefusal;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "not_outbound" => Ok(Self::NotOutbound),
            "not_text" => Ok(Self::NotText),
            "deleted" => Ok(Self::Deleted),
            _ => Err(UnknownRefusal(s.to_owned())),
        }
    }
}

/// A refusal code no version of the schema returns: a schema and code out of step.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown refusal code `{0}`")]
pub struct UnknownRefusal(pub String);

impl From<ActionRefused> for RepoError {
    fn from(refused: ActionRefused) -> Self {
        Self::Invalid {
            entity: "message",
            reason: refused.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_refusals_are_invalid_messages() {
        for refused in [
            ActionRefused::NotOutbound,
            ActionRefused::NotText,
            ActionRefused::Deleted,
        ] {
            assert_eq!(refused.code().parse::<ActionRefused>().unwrap(), refused);
            assert!(matches!(
                RepoError::from(refused),
                RepoError::Invalid {
                    entity: "message",
                    ..
                }
            ));
        }
        assert!("gone".parse::<ActionRefused>().is_err());
    }
}
