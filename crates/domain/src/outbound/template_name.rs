//! A template's name and language code, parsed once at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::limits::TEMPLATE_NAME_MAX;
use crate::error::ValidationError;

/// A template name: 1 to 512 lowercase letters, digits and `_` (one template per language).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TemplateName(String);

impl TemplateName {
    /// Parses a name, refusing anything Meta would refuse.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let ok = (1..=TEMPLATE_NAME_MAX).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "template.name",
                "must have 1 to 512 lowercase letters, digits or '_'",
            ))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A template language code as Meta writes it: `en`, `en_US`, `pt_BR`, `es_419`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Accepts 2 or 3 lowercase letters, optionally `_` and 2 to 4 letters or digits.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let (lang, region) = match value.split_once('_') {
            Some((lang, region)) => (lang, Some(region)),
            None => (value, None),
        };
        let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok = region.is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        if lang_ok && region_ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "template.language.code",
                "must be a language code such as en or en_US",
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_conversions {
    ($($name:ident),+) => {$(
        impl TryFrom<String> for $name {
            type Error = ValidationError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )+};
}

string_conversions!(TemplateName, LanguageCode);
