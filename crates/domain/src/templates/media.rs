//! A header file uploaded to Meta once per account and reused while Meta keeps it.

use time::OffsetDateTime;

use crate::error::ValidationError;
use crate::ids::AccountId;
use crate::outbound::{MediaId, MediaKind};

/// The SHA-256 of a file, 64 lower-case hex digits: how the same header is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// Accepts 64 hex digits, in any case (kept lower case).
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(value.to_ascii_lowercase()))
        } else {
            Err(ValidationError::new(
                "media.sha256",
                "must be 64 hex digits",
            ))
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A header file Meta holds for an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMedia {
    /// The business number that uploaded it.
    pub account_id: AccountId,
    /// The file's checksum.
    pub sha256: Sha256Hex,
    /// Image, video or document.
    pub kind: MediaKind,
    /// Meta's media id.
    pub media_id: MediaId,
    /// The MIME type uploaded.
    pub mime_type: String,
    /// The file's size.
    pub size_bytes: u64,
    /// When Meta drops it (30 days after the upload); not reused from then on.
    pub expires_at: OffsetDateTime,
}
