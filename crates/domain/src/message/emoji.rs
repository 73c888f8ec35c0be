//! The emoji of a reaction the business puts on a message.

use crate::error::ValidationError;

/// One emoji, checked as `ReactionContent` checks what we send to Meta: 1 to 10 characters
/// (an emoji may be a sequence of several code points), no ASCII letters or digits, no
/// whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emoji(String);

impl Emoji {
    /// Checks `emoji`; the error names the field `emoji`.
    pub fn parse(emoji: &str) -> Result<Self, ValidationError> {
        let plausible = (1..=10).contains(&emoji.chars().count())
            && !emoji
                .chars()
                .any(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || c.is_control());
        if plausible {
            Ok(Self(emoji.to_owned()))
        } else {
            Err(ValidationError::new("emoji", "must be a single emoji"))
        }
    }

    /// The emoji.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_single_and_composed_emoji() {
        for good in ["👍", "❤️", "👩‍👩‍👧‍👦", "🇧🇷"] {
            assert_eq!(Emoji::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn refuses_text_blanks_and_long_strings() {
        for bad in ["", "ok", " ", "👍 ", "a👍", "\0", &"👍".repeat(11)] {
            assert_eq!(Emoji::parse(bad).unwrap_err().field, "emoji", "{bad:?}");
        }
    }
}
