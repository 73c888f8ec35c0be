//! Profile pictures: which images are accepted (by their bytes, not their header), and the
//! media store used when none is configured.

use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::AppUserId;
use inbox_domain::ValidationError;
use inbox_domain::media::{MediaKey, MediaObject, SignedUrl};
use inbox_domain::ports::{MediaError, MediaStore};

/// Largest profile picture accepted, in bytes (5 MiB).
pub const PROFILE_PICTURE_LIMIT: usize = 5 * 1024 * 1024;

/// An image format accepted as a profile picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageFormat {
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
    /// `image/webp`.
    Webp,
}

impl ImageFormat {
    /// The content type the format is stored and served with.
    pub(crate) const fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The format the bytes are, by their magic numbers; `None` for anything else.
    pub(crate) fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }
}

/// Where a user's profile picture is kept: one key per user, replaced on each upload.
///
/// # Errors
/// Never in practice (a UUID always makes a valid key); `key` if the rules of keys change.
pub(crate) fn avatar_key(user: AppUserId) -> Result<MediaKey, ValidationError> {
    MediaKey::parse(&format!("avatars/{user}"))
}

/// The media store of an installation without one: every call answers `Unavailable`.
pub(crate) struct UnconfiguredMediaStore;

fn unconfigured() -> MediaError {
    MediaError::Unavailable("no media store is configured".into())
}

#[async_trait]
impl MediaStore for UnconfiguredMediaStore {
    fn backend(&self) -> &'static str {
        "none"
    }

    fn max_object_bytes(&self) -> u64 {
        0
    }

    async fn ping(&self) -> Result<(), MediaError> {
        Err(unconfigured())
    }

    async fn put(&self, _key: &MediaKey, _object: MediaObject) -> Result<(), MediaError> {
        Err(unconfigured())
    }

    async fn get(&self, _key: &MediaKey) -> Result<MediaObject, MediaError> {
        Err(unconfigured())
    }

    async fn delete(&self, _key: &MediaKey) -> Result<bool, MediaError> {
        Err(unconfigured())
    }

    async fn signed_url(
        &self,
        _key: &MediaKey,
        _expires_in: Duration,
    ) -> Result<Option<SignedUrl>, MediaError> {
        Err(unconfigured())
    }

    fn public_url(&self, _key: &MediaKey) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes_only() {
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        for other in [&b"GIF89a"[..], b"<svg", b"", b"RIFF....WAVE"] {
            assert_eq!(ImageFormat::sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn avatar_keys_are_valid_for_every_user() {
        assert!(avatar_key(AppUserId::generate()).is_ok());
    }
}
