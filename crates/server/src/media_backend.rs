//! Which media store `inboxd` uses (`[media] backend`): Supabase Storage or the filesystem.

use serde::Deserialize;
use std::sync::Arc;

use inbox_domain::ports::MediaStore;
use inbox_supabase::storage::{
    DEFAULT_BUCKET, DEFAULT_STORAGE_MAX_OBJECT_BYTES, StorageConfig, StorageSetupError,
    storage_client_settings,
};
use inbox_supabase::{SupabaseMediaStore, SupabaseProject};

use crate::config::Settings;
use crate::error::{StartupError, cause_chain};

/// The media store chosen in `[media] backend` (`INBOX_MEDIA__BACKEND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaBackend {
    /// The filesystem store under `media.dir`.
    File,
    /// Supabase Storage, in the bucket `media.bucket`, with the `[supabase]` project's key.
    Supabase,
}

/// Supabase Storage when `media.backend = "supabase"`, or when it is unset and `[supabase]`
/// has both the URL and the service key; `None`: use the filesystem store.
///
/// Chosen explicitly, a bucket that cannot be read or created stops startup. Chosen by default,
/// it logs a warning with the cause and falls back to the filesystem, so an Auth-only project
/// (or a Storage outage at startup) does not keep the inbox down.
///
/// # Errors
/// `Invalid` when Supabase is chosen without both settings, when the URL, key or bucket name
/// is unusable, or (chosen explicitly) when the bucket cannot be prepared.
pub async fn supabase_media_store(
    settings: &Settings,
) -> Result<Option<Arc<dyn MediaStore>>, StartupError> {
    let supabase = &settings.supabase;
    let url = supabase.url.as_deref().filter(|url| !url.is_empty());
    let configured = url.is_some() && supabase.service_key.is_some();
    let explicit = match settings.media.backend {
        Some(MediaBackend::File) => return Ok(None),
        Some(MediaBackend::Supabase) => true,
        None if configured => false,
        None => return Ok(None),
    };
    let (Some(url), Some(key)) = (url, supabase.service_key.clone()) else {
        return Err(StartupError::Invalid(
            "media.backend = \"supabase\" needs supabase.url (SUPABASE_URL) and \
             supabase.service_key (SUPABASE_SERVICE_KEY)"
                .to_owned(),
        ));
    };
    let project =
        SupabaseProject::new(url, key).map_err(|e| StartupError::Invalid(e.to_string()))?;
    let media = &settings.media;
    let config = StorageConfig {
        bucket: media
            .bucket
            .clone()
            .filter(|bucket| !bucket.is_empty())
            .unwrap_or_else(|| DEFAULT_BUCKET.to_owned()),
        public: media.public.unwrap_or(false),
        max_object_bytes: media
            .max_object_bytes
            .unwrap_or(DEFAULT_STORAGE_MAX_OBJECT_BYTES),
    };
    match SupabaseMediaStore::connect(&project, &config, &storage_client_settings()).await {
        Ok(store) => Ok(Some(Arc::new(store))),
        Err(err @ StorageSetupError::Bucket { .. }) if !explicit => {
            tracing::warn!(
                error.cause_chain = %cause_chain(&err),
                "Supabase Storage is not usable for media, using the filesystem store; \
                 set media.backend to \"supabase\" or \"file\" to choose"
            );
            Ok(None)
        }
        Err(err) => Err(StartupError::Invalid(format!(
            "media store: {}",
            cause_chain(&err)
        ))),
    }
}
