//! Which bucket the media store uses, how large an object may be, and its HTTP timeouts.

use std::time::Duration;
use thiserror::Error;

use inbox_domain::ports::MediaError;

use crate::client::ClientSettings;
use crate::project::SupabaseSetupError;

/// Default bucket: one bucket for every account's media, keys carry the rest.
pub const DEFAULT_BUCKET: &str = "inbox-media";
/// Default limit: 50 MiB, Supabase's default global upload limit (Free plan, CLI).
pub const DEFAULT_STORAGE_MAX_OBJECT_BYTES: u64 = 50 * 1024 * 1024;
/// Longest bucket name we accept (Storage's own limit is the same as S3's).
const BUCKET_NAME_MAX: usize = 63;

/// The media store's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageConfig {
    /// The bucket holding the objects; created at startup when missing.
    pub bucket: String,
    /// Whether a bucket created at startup is public (its objects readable by anyone knowing
    /// the URL). An existing bucket is never changed: its own flag decides `public_url`.
    pub public: bool,
    /// The largest object `put` accepts and `get` reads; a bucket created at startup gets it as
    /// its `file_size_limit`, an existing bucket's smaller limit wins.
    pub max_object_bytes: u64,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            bucket: DEFAULT_BUCKET.to_owned(),
            public: false,
            max_object_bytes: DEFAULT_STORAGE_MAX_OBJECT_BYTES,
        }
    }
}

/// Client settings for Storage. Unlike Auth admin calls, a call carries a whole media file:
///
/// - **connect timeout 3 s**, as for every Supabase call: longer is a network problem;
/// - **whole-call timeout 120 s**: a 50 MiB object at a modest 1 MB/s takes under a minute, so
///   twice that still ends a hung transfer; a worker retries later with backoff;
/// - **keep-alive pool, 8 idle connections per host for 60 s**: media arrive in bursts (a
///   conversation with pictures), warm connections skip the TLS handshake.
pub fn storage_client_settings() -> ClientSettings {
    ClientSettings {
        request_timeout: Duration::from_secs(120),
        ..ClientSettings::default()
    }
}

/// The media store could not be set up.
#[derive(Debug, Error)]
pub enum StorageSetupError {
    /// The bucket name is not 1 to 63 characters of `a-z 0-9 . _ -` starting with a letter or
    /// digit (the names Storage accepts that need no escaping in a URL).
    #[error(
        "media.bucket must be 1 to 63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit"
    )]
    BucketName,
    /// The project, key or HTTP client is unusable.
    #[error(transparent)]
    Project(#[from] SupabaseSetupError),
    /// The bucket could not be read or created.
    #[error("preparing the Supabase Storage bucket {bucket}")]
    Bucket {
        /// The bucket concerned.
        bucket: String,
        /// What Storage answered.
        #[source]
        source: MediaError,
    },
}

/// Checks `name` against [`StorageSetupError::BucketName`].
pub(crate) fn check_bucket_name(name: &str) -> Result<(), StorageSetupError> {
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if first_ok && name.len() <= BUCKET_NAME_MAX && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(StorageSetupError::BucketName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_need_no_escaping() {
        for good in ["inbox-media", "media", "a.b_c-1", "0"] {
            assert!(check_bucket_name(good).is_ok(), "{good}");
        }
        let long = "a".repeat(64);
        for bad in [
            "",
            "Media",
            "-x",
            ".x",
            "a/b",
            "a b",
            "caf\u{e9}",
            long.as_str(),
        ] {
            assert!(check_bucket_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn storage_calls_may_last_longer_than_auth_calls() {
        let settings = storage_client_settings();
        assert!(settings.request_timeout > ClientSettings::default().request_timeout);
        assert_eq!(settings.connect_timeout, Duration::from_secs(3));
    }
}
