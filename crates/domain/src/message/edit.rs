//! The new text of an edited message.

use crate::error::ValidationError;
use crate::outbound::limits::{TEXT_BODY_MAX, required};

/// The text an agent replaces a text message's body with: what Meta accepts as a text body
/// (1 to 4,096 characters, not only whitespace), without NUL characters (which storage
/// cannot hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedText(String);

impl EditedText {
    /// Checks `text`; the error names the field `text`.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        if text.contains('\0') {
            return Err(ValidationError::new(
                "text",
                "must not contain NUL characters",
            ));
        }
        required("text", text, TEXT_BODY_MAX).map(Self)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_meta_accepts_as_a_text_body() {
        assert_eq!(
            EditedText::parse("fixed typo").unwrap().as_str(),
            "fixed typo"
        );
        assert!(EditedText::parse(&"é".repeat(TEXT_BODY_MAX)).is_ok());
    }

    #[test]
    fn refuses_empty_blank_too_long_and_nul_naming_the_field() {
        for bad in [
            String::new(),
            " \n\t".to_owned(),
            "é".repeat(TEXT_BODY_MAX + 1),
            "a\0b".to_owned(),
        ] {
            assert_eq!(
                EditedText::parse(&bad).unwrap_err().field,
                "text",
                "{bad:?}"
            );
        }
    }
}
