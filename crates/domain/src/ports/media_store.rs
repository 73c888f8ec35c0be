//! Object storage for media files: profile pictures, media downloaded from Meta.

use async_trait::async_trait;
use std::time::Duration;
use thiserror::Error;

use crate::error::ValidationError;
use crate::media::{MediaKey, MediaObject, SignedUrl};

/// What a media store can answer besides success.
#[derive(Debug, Error)]
pub enum MediaError {
    /// No object is stored under the key.
    #[error("media object not found")]
    NotFound,
    /// The object is larger than the store accepts (its `max_object_bytes`, a bucket's limit).
    #[error("media object larger than {limit_bytes} bytes")]
    TooLarge {
        /// The store's limit.
        limit_bytes: u64,
    },
    /// An argument the store refuses (a URL lifetime out of range, a content type the bucket
    /// does not allow); names the field.
    #[error("media request rejected: {0}")]
    Rejected(ValidationError),
    /// The store refused our credentials (a remote store's service key): the operator must fix
    /// the configuration. The filesystem store never answers this.
    #[error("media store refused our credentials")]
    Unauthorized,
    /// The store could not be reached, timed out, or is out of space: retry with backoff.
    #[error("media store unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Anything else: a corrupt object, a permission problem on disk, an answer we cannot
    /// understand. Log it loudly.
    #[error("media store failure")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Object storage: a flat namespace of keys, each holding bytes and a content type.
///
/// Keys are [`MediaKey`]s, so no adapter ever sees `..` or an absolute path. Writes are
/// atomic per key: a reader sees the whole old object or the whole new one, never a mix, and
/// of concurrent writes to one key the last one wins whole. Size limits for a use (an avatar,
/// a video) are the caller's to enforce; the store only refuses what exceeds its own limit,
/// and never reads more than that into memory.
///
/// # Errors (every method)
/// Besides the errors each method lists:
/// - `Unavailable` when the store cannot be reached or is out of space;
/// - `Unauthorized` when a remote store refuses our credentials;
/// - `Internal` for anything else the store reports.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait MediaStore: Send + Sync {
    /// The store's name as `/health` reports it, e.g. "filesystem", "supabase-storage".
    fn backend(&self) -> &'static str;

    /// The largest object, in bytes, that `put` accepts and `get` returns.
    fn max_object_bytes(&self) -> u64;

    /// One cheap round trip to the store (its root directory, its bucket).
    ///
    /// # Errors
    /// - `Unavailable` when the store cannot be used.
    async fn ping(&self) -> Result<(), MediaError>;

    /// Stores `object` under `key`, replacing any object there (upsert). Atomic: on failure
    /// the previous object, if any, is left as it was. Repeating a put is harmless.
    ///
    /// # Errors
    /// - `TooLarge` when the bytes exceed `max_object_bytes` (nothing is written);
    /// - `Rejected` (field `content_type`) when the store does not allow the content type.
    async fn put(&self, key: &MediaKey, object: MediaObject) -> Result<(), MediaError>;

    /// The object under `key`: its bytes and the content type it was stored with.
    ///
    /// # Errors
    /// - `NotFound` when nothing is stored under `key`;
    /// - `TooLarge` when the stored object exceeds `max_object_bytes` (it is not read).
    async fn get(&self, key: &MediaKey) -> Result<MediaObject, MediaError>;

    /// Removes the object under `key`. Returns whether there was one: deleting a missing key
    /// is not an error, so a retried delete succeeds.
    async fn delete(&self, key: &MediaKey) -> Result<bool, MediaError>;

    /// A link that reads the object without further credentials for `expires_in`, or `None`
    /// when the store has no URLs of its own (the filesystem store): serve the object through
    /// inboxd instead, from a route that reads it with `get`. `expires_at` is the time the
    /// store was asked plus `expires_in`, as measured by the caller's clock.
    ///
    /// # Errors
    /// - `Rejected` (field `expires_in`) when `expires_in` is not whole seconds from 1 second to
    ///   7 days ([`crate::media::check_url_lifetime`]); checked before anything else;
    /// - `NotFound` when nothing is stored under `key`.
    async fn signed_url(
        &self,
        key: &MediaKey,
        expires_in: Duration,
    ) -> Result<Option<SignedUrl>, MediaError>;

    /// The permanent public URL of the object under `key`, or `None` when the store does not
    /// publish objects (a private bucket, the filesystem store). Makes no request and does not
    /// check that the object exists.
    fn public_url(&self, key: &MediaKey) -> Option<String>;
}
