//! `[media] backend`: which media store `inboxd` wires, from the settings an operator writes.

use inbox_server::admin_ports::media_store;
use inbox_server::config::Settings;
use inbox_server::media_backend::MediaBackend;
use inbox_testkit::fake_auth::FakeSupabaseAuth;
use inbox_testkit::fake_storage::FakeStorage;

/// Defaults read through the environment an operator sets, with a temporary data directory.
fn settings(env: &[(&str, &str)], dir: &tempfile::TempDir) -> Settings {
    let env = env
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()));
    let mut settings = Settings::load_from(None, env).unwrap();
    settings.storage.data_dir = dir.path().to_owned();
    settings
}

#[tokio::test]
async fn without_supabase_settings_media_stay_on_the_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    let store = media_store(&settings(&[], &dir)).await.unwrap();
    assert_eq!(store.backend(), "filesystem");
}

#[tokio::test]
async fn supabase_settings_choose_storage_and_create_a_private_bucket() {
    let fake = FakeStorage::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("SUPABASE_URL", fake.url()),
        ("SUPABASE_SERVICE_KEY", fake.service_key()),
        ("INBOX_MEDIA__BUCKET", "inbox-files"),
        ("INBOX_MEDIA__MAX_OBJECT_BYTES", "2048"),
    ];
    let settings = settings(&env, &dir);
    assert_eq!(settings.media.backend, None, "unset by default");
    let store = media_store(&settings).await.unwrap();
    assert_eq!(store.backend(), "supabase-storage");
    assert_eq!(store.max_object_bytes(), 2048);
    let buckets = fake.buckets();
    assert_eq!(buckets.len(), 1);
    assert_eq!(buckets[0].id, "inbox-files");
    assert!(!buckets[0].public, "private unless configured");
}

#[tokio::test]
async fn backend_file_keeps_the_filesystem_even_with_supabase_settings() {
    let fake = FakeStorage::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("SUPABASE_URL", fake.url()),
        ("SUPABASE_SERVICE_KEY", fake.service_key()),
        ("INBOX_MEDIA__BACKEND", "file"),
    ];
    let settings = settings(&env, &dir);
    assert_eq!(settings.media.backend, Some(MediaBackend::File));
    assert_eq!(
        media_store(&settings).await.unwrap().backend(),
        "filesystem"
    );
    assert!(fake.requests().is_empty(), "Storage is not asked");
}

#[tokio::test]
async fn backend_supabase_needs_the_project_settings() {
    let dir = tempfile::tempdir().unwrap();
    let settings = settings(&[("INBOX_MEDIA__BACKEND", "supabase")], &dir);
    let err = media_store(&settings).await.err().expect("refused");
    assert!(err.to_string().contains("SUPABASE_URL"), "{err}");
}

#[tokio::test]
async fn a_project_without_usable_storage_falls_back_by_default_and_fails_when_chosen() {
    // Auth only: Storage's routes are not there.
    let auth = FakeSupabaseAuth::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("SUPABASE_URL", auth.url()),
        ("SUPABASE_SERVICE_KEY", auth.service_key()),
    ];
    let store = media_store(&settings(&env, &dir)).await.unwrap();
    assert_eq!(
        store.backend(),
        "filesystem",
        "by default: a warning, then files"
    );

    let mut chosen = settings(&env, &dir);
    chosen.media.backend = Some(MediaBackend::Supabase);
    let err = media_store(&chosen)
        .await
        .err()
        .expect("chosen explicitly: startup stops");
    assert!(err.to_string().contains("media store"), "{err}");
}
