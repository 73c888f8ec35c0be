//! Where an object lives in a media store: a short, portable, relative path.

use std::fmt;

use crate::error::ValidationError;

/// Longest key, in bytes.
pub const MEDIA_KEY_MAX: usize = 512;
/// Longest segment between slashes, in bytes (well under every file system's name limit).
pub const MEDIA_KEY_SEGMENT_MAX: usize = 128;

/// The key of a stored object, e.g. `wa/106540352242922/1234567890` or `avatars/<uuid>.jpg`.
///
/// Segments are separated by `/` and use only `a-z 0-9 . _ -`, never starting with `.`: no
/// absolute paths, no `.` or `..`, no hidden names, no case that a case-insensitive file
/// system would fold, nothing a URL or a shell must escape. Keys form a flat namespace:
/// `a` and `a/b` are two unrelated objects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MediaKey(String);

impl MediaKey {
    /// Checks `key` against the rules above.
    ///
    /// # Errors
    /// `key` when it is empty, longer than 512 bytes, starts or ends with `/`, has an empty
    /// segment, a segment longer than 128 bytes or starting with `.`, or another character.
    pub fn parse(key: &str) -> Result<Self, ValidationError> {
        let reject = |reason: &str| Err(ValidationError::new("key", reason));
        if key.is_empty() || key.len() > MEDIA_KEY_MAX {
            return reject("must have 1 to 512 characters");
        }
        for segment in key.split('/') {
            if segment.is_empty() {
                return reject("must not start or end with '/' nor contain '//'");
            }
            if segment.len() > MEDIA_KEY_SEGMENT_MAX {
                return reject("each part between slashes must have at most 128 characters");
            }
            if segment.starts_with('.') {
                return reject("no part may start with '.' (no '.', '..' or hidden names)");
            }
            let allowed = |c: char| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            };
            if !segment.chars().all(allowed) {
                return reject("may only use a-z, 0-9, '.', '_', '-' and '/' between parts");
            }
        }
        Ok(Self(key.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key's parts between slashes, in order.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

impl fmt::Display for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<&str> for MediaKey {
    type Error = ValidationError;

    fn try_from(key: &str) -> Result<Self, Self::Error> {
        Self::parse(key)
    }
}
