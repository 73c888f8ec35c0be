//! The identity provider and the media store `inboxd` hands the HTTP layer: Supabase Auth's
//! admin API when configured, else the local provider; the filesystem store under the data
//! directory unless another directory is configured.

use std::path::PathBuf;
use std::sync::Arc;

use inbox_domain::identity_local::LocalIdentityProvider;
use inbox_domain::ports::{IdentityProvider, MediaStore};
use inbox_filestore::{FileStore, FileStoreConfig};
use inbox_supabase::{ClientSettings, SupabaseAuthAdmin, SupabaseProject};
use secrecy::SecretString;
use serde::Deserialize;

use crate::config::Settings;
use crate::error::StartupError;

/// The Supabase project (`[supabase]`), for its Auth admin API.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SupabaseSettings {
    /// Project URL, e.g. `https://<ref>.supabase.co` (`SUPABASE_URL` or `INBOX_SUPABASE__URL`).
    pub url: Option<String>,
    /// Service-role (or `sb_secret_`) key; a secret, never logged (`SUPABASE_SERVICE_KEY` or
    /// `INBOX_SUPABASE__SERVICE_KEY`).
    pub service_key: Option<SecretString>,
    /// Anon (or `sb_publishable_`) key; a secret, never logged (`SUPABASE_KEY` or
    /// `INBOX_SUPABASE__ANON_KEY`). Not needed by the server's own calls (they use the service
    /// key); kept so deployments that set it configure one project in one place.
    #[serde(default)]
    pub anon_key: Option<SecretString>,
}

/// Where media files are kept (`[media]`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MediaSettings {
    /// Directory of the filesystem media store (`INBOX_MEDIA__DIR`); unset or empty:
    /// `<data_dir>/media`.
    pub dir: Option<PathBuf>,
    /// `file` or `supabase` (`INBOX_MEDIA__BACKEND`); unset: Supabase Storage when both
    /// `supabase.url` and `supabase.service_key` are set, else the filesystem.
    pub backend: Option<crate::media_backend::MediaBackend>,
    /// Supabase Storage bucket (`INBOX_MEDIA__BUCKET`); unset: `inbox-media`. Created at
    /// startup when missing.
    pub bucket: Option<String>,
    /// Whether a bucket created at startup is public (`INBOX_MEDIA__PUBLIC`); unset: private.
    pub public: Option<bool>,
    /// Largest object in Supabase Storage, in bytes (`INBOX_MEDIA__MAX_OBJECT_BYTES`); unset:
    /// 50 MiB.
    pub max_object_bytes: Option<u64>,
}

/// Supabase Auth's admin API when both the URL and the service key are set, else the local
/// provider (invitations recorded and accepted at the first sign-in of a token for the email;
/// no mail, nothing to delete).
///
/// # Errors
/// `Invalid` when only one of the two is set, or the URL or key is unusable.
pub fn identity_provider(settings: &Settings) -> Result<Arc<dyn IdentityProvider>, StartupError> {
    let supabase = &settings.supabase;
    let url = supabase.url.as_deref().filter(|u| !u.is_empty());
    match (url, supabase.service_key.clone()) {
        (Some(url), Some(key)) => {
            let project =
                SupabaseProject::new(url, key).map_err(|e| StartupError::Invalid(e.to_string()))?;
            let admin = SupabaseAuthAdmin::new(&project, &ClientSettings::default())
                .map_err(|e| StartupError::Invalid(e.to_string()))?;
            tracing::info!(provider = "supabase-auth", "identity provider ready");
            Ok(Arc::new(admin))
        }
        (None, None) => {
            tracing::info!(
                provider = "local",
                "no Supabase settings: invitations are recorded here and sent nowhere"
            );
            Ok(Arc::new(LocalIdentityProvider))
        }
        _ => Err(StartupError::Invalid(
            "set both supabase.url (SUPABASE_URL) and supabase.service_key \
             (SUPABASE_SERVICE_KEY), or neither"
                .to_owned(),
        )),
    }
}

/// The filesystem media store, created on first use.
/// Supabase Storage instead when `[media] backend` selects it, explicitly or by default
/// ([`crate::media_backend::supabase_media_store`]).
///
/// # Errors
/// `Invalid` when the directory cannot be created or used.
pub async fn media_store(settings: &Settings) -> Result<Arc<dyn MediaStore>, StartupError> {
    // `[media] backend`: Supabase Storage when chosen or when Supabase is configured.
    if let Some(store) = crate::media_backend::supabase_media_store(settings).await? {
        return Ok(store);
    }
    let dir = settings
        .media
        .dir
        .clone()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| settings.storage.data_dir.join("media"));
    let store = FileStore::open(FileStoreConfig::new(&dir))
        .await
        .map_err(|e| {
            StartupError::Invalid(format!(
                "media directory {}: {}",
                dir.display(),
                crate::error::cause_chain(&e)
            ))
        })?;
    Ok(Arc::new(store))
}
