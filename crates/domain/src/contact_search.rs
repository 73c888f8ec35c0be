//! A search for contacts by name or number, as agents type it into the inbox.

use crate::contact::Contact;
use crate::error::ValidationError;

/// A case-insensitive substring that a contact's display name, profile name or WhatsApp number
/// must contain. A term made only of digits and phone punctuation (`+`, `-`, `(`, `)`, `.`,
/// spaces) searches the digits alone, so `+49 151-23` finds the wa_id `4915123…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSearch {
    term: String,
}

impl ContactSearch {
    /// Longest term accepted, in characters (after trimming and removing phone punctuation).
    pub const MAX_CHARS: usize = 100;

    /// Reads a search term; `field` names the parameter in the error. Surrounding whitespace is
    /// ignored; an empty term, one longer than [`Self::MAX_CHARS`] characters, or one with a
    /// control character is refused.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, ValidationError> {
        let trimmed = text.trim();
        if trimmed.chars().any(char::is_control) {
            return Err(ValidationError::new(
                field,
                "must not contain control characters",
            ));
        }
        let term = if looks_like_a_number(trimmed) {
            trimmed.chars().filter(char::is_ascii_digit).collect()
        } else {
            trimmed.to_owned()
        };
        let length = term.chars().count();
        if length == 0 {
            return Err(ValidationError::new(field, "must not be empty"));
        }
        if length > Self::MAX_CHARS {
            return Err(ValidationError::new(
                field,
                format!("must have at most {} characters", Self::MAX_CHARS),
            ));
        }
        Ok(Self { term })
    }

    /// The normalised term: trimmed, and only digits when it was a phone number.
    pub fn term(&self) -> &str {
        &self.term
    }

    /// Whether `contact`'s display name, profile name or wa_id contains the term, ignoring case.
    pub fn matches(&self, contact: &Contact) -> bool {
        let needle = self.term.to_lowercase();
        [
            contact.display_name.as_deref(),
            contact.profile_name.as_deref(),
            contact.wa_id.as_ref().map(|w| w.as_str()),
        ]
        .into_iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&needle))
    }
}

/// Digits with phone punctuation only, and at least one digit.
fn looks_like_a_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AccountId, ContactId};
    use crate::phone::WaId;
    use time::OffsetDateTime;

    fn contact(display: Option<&str>, profile: Option<&str>, wa_id: &str) -> Contact {
        Contact {
            id: ContactId::generate(),
            account_id: AccountId::generate(),
            wa_id: Some(WaId::parse(wa_id).unwrap()),
            bsuid: None,
            profile_name: profile.map(str::to_owned),
            display_name: display.map(str::to_owned),
            notes: None,
            tags: Vec::new(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn phone_numbers_search_their_digits() {
        assert_eq!(
            ContactSearch::parse("q", " +49 (151) 23-4 ")
                .unwrap()
                .term(),
            "49151234"
        );
        assert_eq!(ContactSearch::parse("q", "Ada 2").unwrap().term(), "Ada 2");
        assert_eq!(ContactSearch::parse("q", "a+b").unwrap().term(), "a+b");
    }

    #[test]
    fn empty_long_or_control_terms_name_the_field() {
        for bad in ["", "   ", "a\u{0}b", "a\tb", &"x".repeat(101)] {
            assert_eq!(
                ContactSearch::parse("q", bad).unwrap_err().field,
                "q",
                "{bad:?}"
            );
        }
        assert!(ContactSearch::parse("q", &"é".repeat(100)).is_ok());
    }

    #[test]
    fn matches_any_name_or_the_number_ignoring_case() {
        let ada = contact(Some("Ada Lovelace"), Some("ada_l"), "4915123456");
        let search = |text| ContactSearch::parse("q", text).unwrap();
        assert!(search("LOVE").matches(&ada));
        assert!(search("_l").matches(&ada));
        assert!(search("+49 151").matches(&ada));
        assert!(!search("grace").matches(&ada));
        assert!(
            !search("lace ada").matches(&ada),
            "no match across two fields"
        );
    }
}
