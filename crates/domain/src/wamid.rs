//! Meta's message id ("wamid"), the key that makes inbound and status processing idempotent.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::ValidationError;

/// Longest wamid we accept; real ones are about 60 characters.
const MAX_LEN: usize = 256;

/// A WhatsApp message id as Meta issues it, e.g. `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQz...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Wamid(String);

impl Wamid {
    /// Accepts 1 to 256 visible ASCII characters (Meta's ids are base64 with a prefix).
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        if value.is_empty() || value.len() > MAX_LEN {
            return Err(ValidationError::new(
                "wamid",
                "must have 1 to 256 characters",
            ));
        }
        if !value.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ValidationError::new(
                "wamid",
                "must contain visible ASCII characters only",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Wamid {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Wamid> for String {
    fn from(value: Wamid) -> Self {
        value.0
    }
}

impl fmt::Display for Wamid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_real_looking_wamid() {
        let id = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTg0RjBGRkI5MkY1QjYzQkE5OQA=";
        assert_eq!(Wamid::parse(id).unwrap().as_str(), id);
    }

    #[test]
    fn rejects_empty_spaces_and_overlong() {
        for bad in [String::new(), "wamid. x".to_owned(), "w".repeat(257)] {
            assert!(Wamid::parse(&bad).is_err(), "{bad:?}");
        }
    }
}
