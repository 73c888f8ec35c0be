//! A stored object (bytes and their content type) and a time-limited link to one.

use std::fmt;
use std::time::Duration;
use time::OffsetDateTime;

use crate::error::ValidationError;

/// Longest content type, in bytes.
pub const CONTENT_TYPE_MAX: usize = 255;

/// A MIME content type such as `image/jpeg` or `text/plain; charset=utf-8`, kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentType(String);

impl ContentType {
    /// Checks `value` (trimmed): `type/subtype` of RFC 6838 name characters, then optional
    /// `; parameters` of printable ASCII.
    ///
    /// # Errors
    /// `content_type` when it is empty, longer than 255 bytes, not `type/subtype`, or holds
    /// a character outside printable ASCII.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let value = value.trim();
        let reject = || {
            Err(ValidationError::new(
                "content_type",
                "must be a MIME type like image/jpeg (at most 255 printable ASCII characters)",
            ))
        };
        if value.is_empty()
            || value.len() > CONTENT_TYPE_MAX
            || !value.bytes().all(|b| (b' '..=b'~').contains(&b))
        {
            return reject();
        }
        let essence = value.split(';').next().unwrap_or_default().trim_end();
        let name = |part: &str| {
            !part.is_empty()
                && part.bytes().all(|b| {
                    b.is_ascii_alphanumeric()
                        || matches!(
                            b,
                            b'!' | b'#' | b'$' | b'&' | b'^' | b'_' | b'.' | b'+' | b'-'
                        )
                })
        };
        match essence.split_once('/') {
            Some((kind, subtype)) if name(kind) && name(subtype) => Ok(Self(value.to_owned())),
            _ => reject(),
        }
    }

    /// The content type as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `type/subtype` in lower case, without parameters, for comparisons (`image/jpeg`).
    pub fn essence(&self) -> String {
        self.0
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }
}

impl fmt::Display for ContentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An object's bytes and content type. `Debug` shows the size, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaObject {
    /// What the bytes are.
    pub content_type: ContentType,
    /// The whole file.
    pub bytes: Vec<u8>,
}

impl MediaObject {
    /// An object of `content_type` holding `bytes`.
    pub const fn new(content_type: ContentType, bytes: Vec<u8>) -> Self {
        Self {
            content_type,
            bytes,
        }
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Whether the object holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for MediaObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaObject")
            .field("content_type", &self.content_type)
            .field("size_bytes", &self.bytes.len())
            .finish()
    }
}

/// Shortest lifetime of a signed URL.
pub const SIGNED_URL_MIN_LIFETIME: Duration = Duration::from_secs(1);
/// Longest lifetime of a signed URL: a link is a bearer credential, it must not live for ever.
pub const SIGNED_URL_MAX_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// Checks a signed URL's lifetime: whole seconds from 1 s to 7 days.
///
/// # Errors
/// `expires_in` when it is shorter than a second, longer than 7 days or not whole seconds.
pub fn check_url_lifetime(expires_in: Duration) -> Result<(), ValidationError> {
    if expires_in < SIGNED_URL_MIN_LIFETIME
        || expires_in > SIGNED_URL_MAX_LIFETIME
        || expires_in.subsec_nanos() != 0
    {
        return Err(ValidationError::new(
            "expires_in",
            "must be whole seconds from 1 second to 7 days",
        ));
    }
    Ok(())
}

/// A link that reads one object without further credentials until `expires_at`. Whoever holds
/// it can read the object: `Debug` hides the URL, and it is never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedUrl {
    /// The absolute URL (it carries its own token).
    pub url: String,
    /// When the link stops working.
    pub expires_at: OffsetDateTime,
}

impl fmt::Debug for SignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedUrl")
            .field("url", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}
