//! The Supabase Storage media store against the fake Storage of the testkit: the port's
//! contract first, then startup, error mapping, links, faults and secrets.

mod errors;
mod faults;
mod links;
mod secrets;
mod startup;

use std::sync::Arc;

use inbox_domain::media::{ContentType, MediaKey, MediaObject};
use inbox_domain::ports::MediaStore;
use inbox_supabase::storage::StorageConfig;
use inbox_supabase::{ClientSettings, SupabaseMediaStore, SupabaseProject};
use inbox_testkit::contract::media_contract;
use inbox_testkit::fake_storage::FakeStorage;
use secrecy::SecretString;

/// The bucket the tests use.
pub const BUCKET: &str = "media";

/// A started fake Storage, without buckets.
pub async fn storage() -> FakeStorage {
    FakeStorage::start().await.expect("fake Storage starts")
}

/// The settings of the tests' stores: a 1 MiB limit, the bucket private.
pub fn config() -> StorageConfig {
    StorageConfig {
        bucket: BUCKET.to_owned(),
        public: false,
        max_object_bytes: 1024 * 1024,
    }
}

/// The fake's project with `key` as the service key.
pub fn project_with_key(fake: &FakeStorage, key: &str) -> SupabaseProject {
    SupabaseProject::new(fake.url(), SecretString::from(key.to_owned())).expect("valid project")
}

/// A store on the fake as `config` says, with `settings`.
pub async fn store_with(
    fake: &FakeStorage,
    config: &StorageConfig,
    settings: &ClientSettings,
) -> SupabaseMediaStore {
    let project = project_with_key(fake, fake.service_key());
    SupabaseMediaStore::connect(&project, config, settings)
        .await
        .expect("store connects")
}

/// A store on the fake with [`config`] and the default timeouts (a loaded test machine can be
/// slow; the timeout test sets its own).
pub async fn store(fake: &FakeStorage) -> SupabaseMediaStore {
    store_with(fake, &config(), &ClientSettings::default()).await
}

/// A valid key.
pub fn key(text: &str) -> MediaKey {
    MediaKey::parse(text).expect("valid key")
}

/// An object of `content_type` holding `bytes`.
pub fn object(content_type: &str, bytes: &[u8]) -> MediaObject {
    MediaObject::new(
        ContentType::parse(content_type).expect("valid content type"),
        bytes.to_vec(),
    )
}

#[tokio::test]
async fn supabase_storage_passes_the_media_store_contract() {
    media_contract(|| async {
        let fake = storage().await;
        let store = store(&fake).await;
        (Arc::new(store) as Arc<dyn MediaStore>, fake)
    })
    .await;
}
