//! What agents may change on a contact: its display name, notes and tags, each validated.

use crate::error::ValidationError;

/// The name agents give a contact; shown instead of the WhatsApp profile name. 1 to 256
/// characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactName(String);

impl ContactName {
    /// Longest name, in characters (`contacts.display_name`).
    pub const MAX_CHARS: usize = 256;

    /// Reads a name; surrounding whitespace is dropped.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let name = text.trim();
        let length = name.chars().count();
        if length == 0 || length > Self::MAX_CHARS {
            return Err(ValidationError::new(
                "display_name",
                format!("must have 1 to {} characters", Self::MAX_CHARS),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "display_name",
                "must not contain control characters",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free-text notes about a contact: at most 10,000 characters; line breaks and tabs allowed,
/// other control characters not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactNotes(String);

impl ContactNotes {
    /// Longest notes, in characters (`contacts.notes`).
    pub const MAX_CHARS: usize = 10_000;

    /// Reads notes as given.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        if text.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::new(
                "notes",
                format!("must have at most {} characters", Self::MAX_CHARS),
            ));
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(ValidationError::new(
                "notes",
                "must not contain control characters other than line breaks and tabs",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The notes.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A contact's labels: at most 50, each 1 to 50 characters after trimming, no control
/// characters; repeats are dropped, the first occurrence keeps its place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactTags(Vec<String>);

impl ContactTags {
    /// Most tags on one contact (`contacts_tags_valid`).
    pub const MAX_COUNT: usize = 50;
    /// Longest tag, in characters (`contacts_tags_valid`).
    pub const MAX_CHARS: usize = 50;

    /// Reads tags; an empty list removes every tag.
    pub fn parse<S: AsRef<str>>(tags: &[S]) -> Result<Self, ValidationError> {
        let mut kept: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            let tag = tag.as_ref().trim();
            let length = tag.chars().count();
            if length == 0 || length > Self::MAX_CHARS {
                return Err(ValidationError::new(
                    "tags",
                    format!("each tag must have 1 to {} characters", Self::MAX_CHARS),
                ));
            }
            if tag.chars().any(char::is_control) {
                return Err(ValidationError::new(
                    "tags",
                    "tags must not contain control characters",
                ));
            }
            if !kept.iter().any(|k| k == tag) {
                kept.push(tag.to_owned());
            }
        }
        if kept.len() > Self::MAX_COUNT {
            return Err(ValidationError::new(
                "tags",
                format!("must hold at most {} tags", Self::MAX_COUNT),
            ));
        }
        Ok(Self(kept))
    }

    /// The tags, in order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// A change to one optional field: keep it, clear it, or set it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FieldUpdate<T> {
    /// Leave the stored value as it is.
    #[default]
    Keep,
    /// Remove the stored value.
    Clear,
    /// Store this value.
    Set(T),
}

/// The fields of a contact agents change; anything left at its default stays as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactUpdate {
    /// The agents' name for the contact.
    pub display_name: FieldUpdate<ContactName>,
    /// Notes about the contact.
    pub notes: FieldUpdate<ContactNotes>,
    /// Replaces every tag when given (an empty list removes them all).
    pub tags: Option<ContactTags>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(ContactName::parse("  Ada ").unwrap().as_str(), "Ada");
        assert!(ContactName::parse(&"é".repeat(256)).is_ok());
        for bad in ["", "  ", "a\nb", &"é".repeat(257)] {
            assert_eq!(
                ContactName::parse(bad).unwrap_err().field,
                "display_name",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn notes_allow_line_breaks_up_to_ten_thousand_characters() {
        assert!(ContactNotes::parse("first line\r\nsecond\tline").is_ok());
        assert!(ContactNotes::parse("").is_ok());
        assert!(ContactNotes::parse(&"é".repeat(10_000)).is_ok());
        assert_eq!(
            ContactNotes::parse(&"é".repeat(10_001)).unwrap_err().field,
            "notes"
        );
        assert_eq!(ContactNotes::parse("a\u{0}b").unwrap_err().field, "notes");
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_bounded() {
        let tags = ContactTags::parse(&[" vip", "lead", "vip ", "Lead"]).unwrap();
        assert_eq!(tags.as_slice(), ["vip", "lead", "Lead"]);
        let fifty: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
        assert!(ContactTags::parse(&fifty).is_ok());
        let mut fifty_one = fifty;
        fifty_one.push("one more".to_owned());
        for bad in [
            fifty_one,
            vec![String::new()],
            vec!["x".repeat(51)],
            vec!["a\u{7}".to_owned()],
        ] {
            assert_eq!(ContactTags::parse(&bad).unwrap_err().field, "tags");
        }
    }
}
