//! The bucket at startup: read it, or create it (private unless configured) when missing.

use reqwest::{Client, Method};
use serde::Deserialize;
use serde_json::json;

use inbox_domain::ports::MediaError;

use super::call::{SMALL_ANSWER_MAX, execute};
use super::config::{StorageConfig, StorageSetupError};
use super::errors::{Failure, unreadable};

/// What the store needs to know about its bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BucketInfo {
    /// Whether `/object/public/…` serves its objects.
    pub(crate) public: bool,
    /// The bucket's own size limit, if any.
    pub(crate) file_size_limit: Option<u64>,
}

/// `GET /bucket/{id}`, as far as we read it.
#[derive(Debug, Deserialize)]
struct BucketWire {
    #[serde(default)]
    public: bool,
    file_size_limit: Option<u64>,
}

/// Reads the bucket `config` names, creating it when missing. A bucket created here is private
/// unless `config.public`, and limited to `config.max_object_bytes`. Another process creating
/// it at the same moment is fine. An existing bucket is left as it is.
pub(crate) async fn ensure_bucket(
    client: &Client,
    storage: &str,
    config: &StorageConfig,
) -> Result<BucketInfo, StorageSetupError> {
    let failed = |failure: Failure| StorageSetupError::Bucket {
        bucket: config.bucket.clone(),
        source: failure.into_media(config.max_object_bytes),
    };
    match get_bucket(client, storage, &config.bucket).await {
        Ok(info) => {
            if info.public != config.public {
                tracing::warn!(
                    storage.bucket = %config.bucket,
                    bucket.public = info.public,
                    configured.public = config.public,
                    "the media bucket exists with another visibility; it is left as it is"
                );
            }
            return Ok(info);
        }
        Err(failure) if failure.status() == Some(404) => {}
        Err(failure) => return Err(failed(failure)),
    }
    let body = json!({
        "id": config.bucket,
        "name": config.bucket,
        "public": config.public,
        "file_size_limit": config.max_object_bytes,
    });
    let request = client
        .request(Method::POST, format!("{storage}/bucket"))
        .json(&body);
    match execute("create_bucket", &config.bucket, request, SMALL_ANSWER_MAX).await {
        Ok(_) => tracing::info!(
            storage.bucket = %config.bucket,
            bucket.public = config.public,
            bucket.file_size_limit = config.max_object_bytes,
            "media bucket created"
        ),
        // Created by another instance meanwhile.
        Err(failure) if failure.status() == Some(409) => {}
        Err(failure) => return Err(failed(failure)),
    }
    get_bucket(client, storage, &config.bucket)
        .await
        .map_err(failed)
}

/// `GET /bucket/{id}`: its visibility and size limit.
pub(crate) async fn get_bucket(
    client: &Client,
    storage: &str,
    bucket: &str,
) -> Result<BucketInfo, Failure> {
    let request = client.request(Method::GET, format!("{storage}/bucket/{bucket}"));
    let answer = execute("get_bucket", bucket, request, SMALL_ANSWER_MAX).await?;
    let wire: BucketWire = serde_json::from_slice(&answer.body)
        .map_err(|err| unreadable("get_bucket", format!("bucket description: {err}")))?;
    Ok(BucketInfo {
        public: wire.public,
        file_size_limit: wire.file_size_limit,
    })
}

/// What `ping` reports: the bucket answers, or the store is unavailable (our credentials
/// refused stays `Unauthorized`, so the operator sees the right cause).
pub(crate) fn ping_outcome(
    result: Result<BucketInfo, Failure>,
    limit: u64,
) -> Result<(), MediaError> {
    match result.map_err(|failure| failure.into_media(limit)) {
        Ok(_) => Ok(()),
        Err(MediaError::Unauthorized) => Err(MediaError::Unauthorized),
        Err(MediaError::Unavailable(cause) | MediaError::Internal(cause)) => {
            Err(MediaError::Unavailable(cause))
        }
        Err(other) => Err(MediaError::Unavailable(Box::new(other))),
    }
}
