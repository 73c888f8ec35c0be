//! Numbers and Meta identifiers of WhatsApp: each parses itself and holds only valid values.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::ValidationError;

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

macro_rules! digit_string {
    ($(#[$doc:meta])* $name:ident, $field:literal, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses a value, rejecting anything but digits of the allowed length.
            pub fn parse(value: &str) -> Result<Self, ValidationError> {
                let value = value.trim();
                if !all_digits(value) {
                    return Err(ValidationError::new($field, "must contain digits only"));
                }
                if !($min..=$max).contains(&value.len()) {
                    return Err(ValidationError::new(
                        $field,
                        format!("must have {} to {} digits", $min, $max),
                    ));
                }
                Ok(Self(value.to_owned()))
            }

            /// The digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

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
    };
}

digit_string!(
    /// A customer's WhatsApp id: their phone number in international form without `+`.
    WaId,
    "wa_id",
    5,
    20
);
digit_string!(
    /// Meta's id of a business phone number; webhooks are routed by it.
    PhoneNumberId,
    "phone_number_id",
    1,
    32
);
digit_string!(
    /// Meta's id of a WhatsApp Business Account.
    WabaId,
    "waba_id",
    1,
    32
);

/// A business number as shown to people, normalised to E.164 (`+` and 8 to 15 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayPhoneNumber(String);

impl DisplayPhoneNumber {
    /// Accepts `+1 555-078 3881`, `15550783881` or `(+1) 555 0783881`; stores `+15550783881`.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        const FIELD: &str = "display_phone_number";
        let mut digits = String::with_capacity(16);
        for c in value.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() => {}
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(ValidationError::new(FIELD, "must be a phone number")),
            }
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(ValidationError::new(FIELD, "must have 8 to 15 digits"));
        }
        if digits.starts_with('0') {
            return Err(ValidationError::new(
                FIELD,
                "must start with a country code",
            ));
        }
        Ok(Self(format!("+{digits}")))
    }

    /// The E.164 form, with its leading `+`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayPhoneNumber {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayPhoneNumber> for String {
    fn from(value: DisplayPhoneNumber) -> Self {
        value.0
    }
}

impl fmt::Display for DisplayPhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wa_id_accepts_international_digits() {
        assert_eq!(WaId::parse("16505551234").unwrap().as_str(), "16505551234");
    }

    #[test]
    fn wa_id_rejects_plus_letters_and_short_values() {
        for bad in [
            "+16505551234",
            "1650abc",
            "",
            "123",
            "123456789012345678901",
        ] {
            assert!(WaId::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn display_number_is_normalised_to_e164() {
        for input in ["+1 555-078 3881", "15550783881", "(+1) 555 0783881"] {
            assert_eq!(
                DisplayPhoneNumber::parse(input).unwrap().as_str(),
                "+15550783881",
                "{input}"
            );
        }
    }

    #[test]
    fn display_number_rejects_garbage() {
        for bad in [
            "call me",
            "+1",
            "0044 20 7946 0958",
            "1+5550783881",
            "12345678901234567",
        ] {
            let err = DisplayPhoneNumber::parse(bad).unwrap_err();
            assert_eq!(err.field, "display_phone_number", "{bad}");
        }
    }

    #[test]
    fn phone_number_id_deserialises_through_parse() {
        let parsed: Result<PhoneNumberId, _> = serde_json::from_str("\"12a\"");
        assert!(parsed.is_err());
        let ok: PhoneNumberId = serde_json::from_str("\"106540352242922\"").unwrap();
        assert_eq!(ok.as_str(), "106540352242922");
    }
}
