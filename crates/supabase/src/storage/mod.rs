//! The `MediaStore` port over Supabase Storage (`/storage/v1`, service key), in one bucket.

mod bucket;
mod call;
mod config;
mod errors;
mod port;

pub use config::{
    DEFAULT_BUCKET, DEFAULT_STORAGE_MAX_OBJECT_BYTES, StorageConfig, StorageSetupError,
    storage_client_settings,
};
pub use errors::StorageCallError;

use reqwest::Client;

use inbox_domain::media::MediaKey;

use crate::client::{ClientSettings, service_client};
use crate::project::SupabaseProject;
use bucket::ensure_bucket;
use config::check_bucket_name;

/// Supabase Storage as a media store: one bucket, keys as object paths. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SupabaseMediaStore {
    client: Client,
    /// `<project url>/storage/v1`.
    storage: String,
    bucket: String,
    /// Whether the bucket publishes its objects (read at startup).
    public: bool,
    /// The smaller of the configured limit and the bucket's own.
    max_object_bytes: u64,
}

impl SupabaseMediaStore {
    /// A store for `project` with its own pooled client (see [`storage_client_settings`]):
    /// reads the bucket `config` names, creating it when missing (private unless
    /// `config.public`, limited to `config.max_object_bytes`).
    ///
    /// # Errors
    /// `BucketName` for a name Storage would refuse or a URL would need to escape; `Project`
    /// when the key or client is unusable; `Bucket` when Storage cannot be reached, refuses our
    /// key, or refuses to create the bucket.
    pub async fn connect(
        project: &SupabaseProject,
        config: &StorageConfig,
        settings: &ClientSettings,
    ) -> Result<Self, StorageSetupError> {
        check_bucket_name(&config.bucket)?;
        let client = service_client(project, settings)?;
        let storage = format!("{}/storage/v1", project.url());
        let info = ensure_bucket(&client, &storage, config).await?;
        let max_object_bytes = info
            .file_size_limit
            .filter(|&limit| limit > 0)
            .map_or(config.max_object_bytes, |limit| {
                limit.min(config.max_object_bytes)
            });
        tracing::info!(
            store = "supabase-storage",
            storage.bucket = %config.bucket,
            bucket.public = info.public,
            max_object_bytes,
            "media store ready"
        );
        Ok(Self {
            client,
            storage,
            bucket: config.bucket.clone(),
            public: info.public,
            max_object_bytes,
        })
    }

    /// The bucket's objects live under `<storage>/object/<route><bucket>/<key>`; keys and bucket
    /// names hold only characters a URL path takes as they are.
    fn object_url(&self, route: &str, key: &MediaKey) -> String {
        format!("{}/object/{route}{}/{key}", self.storage, self.bucket)
    }
}
