//! Media we send, upload or fetch: kinds, Meta's media ids, links and download metadata.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::limits::{self, CAPTION_MAX};
use crate::error::ValidationError;

/// The media kinds a message can carry; the names are Meta's `type` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// jpeg or png, up to 5 MB.
    Image,
    /// aac, amr, mp3, m4a or ogg (opus), up to 16 MB.
    Audio,
    /// mp4 or 3gp, up to 16 MB.
    Video,
    /// Any document, up to 100 MB.
    Document,
    /// webp, up to 500 KB (animated).
    Sticker,
}

impl MediaKind {
    /// Meta's `type` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::Document => "document",
            Self::Sticker => "sticker",
        }
    }

    /// Whether Meta accepts a `caption` with this kind (image, video, document).
    pub const fn takes_caption(self) -> bool {
        matches!(self, Self::Image | Self::Video | Self::Document)
    }

    /// Meta's size cap for this kind, in bytes (stickers: the animated cap).
    pub const fn max_bytes(self) -> u64 {
        const MB: u64 = 1024 * 1024;
        match self {
            Self::Image => 5 * MB,
            Self::Audio | Self::Video => 16 * MB,
            Self::Document => 100 * MB,
            Self::Sticker => 500 * 1024,
        }
    }

    /// The kind a MIME type belongs to (`image/webp` is a sticker; unknown types: document).
    pub fn of_mime(mime: &str) -> Self {
        let mime = mime.trim().to_ascii_lowercase();
        if mime.starts_with("image/webp") {
            return Self::Sticker;
        }
        match mime.split('/').next().unwrap_or_default() {
            "image" => Self::Image,
            "audio" => Self::Audio,
            "video" => Self::Video,
            _ => Self::Document,
        }
    }
}

/// Meta's id of an uploaded or received media file (numeric in practice).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MediaId(String);

impl MediaId {
    /// Accepts 1 to 128 ASCII letters, digits, `_`, `-` or `.`.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let ok = (1..=128).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "media_id",
                "must have 1 to 128 letters, digits, '_', '-' or '.'",
            ))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MediaId {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MediaId> for String {
    fn from(value: MediaId) -> Self {
        value.0
    }
}

impl fmt::Display for MediaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where Meta takes a media file from: an uploaded id (preferred) or a public link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSource {
    /// A media id from an upload.
    Id(MediaId),
    /// An `http(s)` URL Meta downloads from.
    Link(String),
}

impl MediaSource {
    /// A link, checked to be an absolute `http(s)` URL.
    pub fn link(field: &'static str, url: &str) -> Result<Self, ValidationError> {
        limits::url(field, url).map(Self::Link)
    }
}

/// An image, audio, video, document or sticker message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaContent {
    kind: MediaKind,
    source: MediaSource,
    caption: Option<String>,
    filename: Option<String>,
}

impl MediaContent {
    /// Checks the caption (≤ 1,024; image, video and document only) and the filename
    /// (document only, 1 to 240 characters, no path separators).
    pub fn new(
        kind: MediaKind,
        source: MediaSource,
        caption: Option<&str>,
        filename: Option<&str>,
    ) -> Result<Self, ValidationError> {
        if caption.is_some() && !kind.takes_caption() {
            return Err(ValidationError::new(
                "caption",
                format!("is not allowed on {} messages", kind.as_str()),
            ));
        }
        if filename.is_some() && kind != MediaKind::Document {
            return Err(ValidationError::new(
                "filename",
                "is only allowed on document messages",
            ));
        }
        let caption = limits::optional("caption", caption, CAPTION_MAX)?;
        let filename = limits::optional("filename", filename, 240)?;
        if filename.as_deref().is_some_and(|f| f.contains(['/', '\\'])) {
            return Err(ValidationError::new(
                "filename",
                "must not contain path separators",
            ));
        }
        Ok(Self {
            kind,
            source,
            caption,
            filename,
        })
    }

    /// Which kind of media.
    pub fn kind(&self) -> MediaKind {
        self.kind
    }

    /// Where Meta takes the file from.
    pub fn source(&self) -> &MediaSource {
        &self.source
    }

    /// The caption, if any.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The file name shown for a document, if any.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }
}

/// A file to upload to Meta: its bytes and declared MIME type.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaUpload {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// Its MIME type, e.g. `image/jpeg` (Meta answers `131053` when it does not match).
    pub mime_type: String,
    /// A file name for the multipart part (Meta ignores it for sending).
    pub filename: String,
}

impl fmt::Debug for MediaUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaUpload")
            .field("size_bytes", &self.bytes.len())
            .field("mime_type", &self.mime_type)
            .finish_non_exhaustive()
    }
}

/// A short-lived download URL for a media file. Its query string is a credential of sorts:
/// `Debug` and `Display` show only scheme and host.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaUrl(String);

impl MediaUrl {
    /// Wraps a URL Meta returned.
    pub fn new(url: String) -> Self {
        Self(url)
    }

    /// The whole URL, for the download request only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]`, safe to log.
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |at| at + 3);
        let end = self.0[after_scheme..]
            .find(['/', '?', '#'])
            .map_or(self.0.len(), |at| after_scheme + at);
        &self.0[..end]
    }
}

impl fmt::Debug for MediaUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaUrl({}/…)", self.origin())
    }
}

impl fmt::Display for MediaUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/…", self.origin())
    }
}

/// What `GET /<MEDIA_ID>` tells about a media file. The URL expires after about 5 minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaInfo {
    /// Meta's id.
    pub id: MediaId,
    /// Where to download it (with the account's bearer token).
    pub url: MediaUrl,
    /// Its MIME type.
    pub mime_type: String,
    /// Hex SHA-256 of the content, to check the download against.
    pub sha256: String,
    /// Size in bytes.
    pub file_size: u64,
}
