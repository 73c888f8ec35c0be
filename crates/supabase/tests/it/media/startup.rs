//! Startup: the bucket is created private when missing, an existing one is left as it is.

use inbox_domain::ports::{MediaError, MediaStore};
use inbox_supabase::storage::{StorageConfig, StorageSetupError};
use inbox_supabase::{ClientSettings, SupabaseMediaStore};

use super::{BUCKET, config, key, object, project_with_key, storage, store, store_with};

#[tokio::test]
async fn a_missing_bucket_is_created_private_with_the_store_limit() {
    let fake = storage().await;
    let store = store(&fake).await;
    let buckets = fake.buckets();
    assert_eq!(buckets.len(), 1);
    assert_eq!(buckets[0].id, BUCKET);
    assert!(!buckets[0].public, "private by default");
    assert_eq!(buckets[0].file_size_limit, Some(1024 * 1024));
    assert_eq!(store.backend(), "supabase-storage");
    assert_eq!(
        store.public_url(&key("a/b.png")),
        None,
        "a private bucket publishes nothing"
    );
    // Starting again finds it and changes nothing.
    let again = store_with(&fake, &config(), &ClientSettings::default()).await;
    assert_eq!(fake.buckets(), buckets);
    again.ping().await.unwrap();
}

#[tokio::test]
async fn an_existing_bucket_keeps_its_visibility_and_its_smaller_limit() {
    let fake = storage().await;
    fake.add_bucket(BUCKET, true, Some(10), None);
    let store = store(&fake).await;
    assert_eq!(
        store.max_object_bytes(),
        10,
        "the bucket's smaller limit wins"
    );
    assert_eq!(
        fake.buckets()[0].file_size_limit,
        Some(10),
        "left as it was"
    );

    let refused = store.put(&key("big"), object("text/plain", &[0; 11])).await;
    assert!(
        matches!(refused, Err(MediaError::TooLarge { limit_bytes: 10 })),
        "{refused:?}"
    );
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.method != "POST" || !r.path.contains("/object/")),
        "an object over the limit is refused before any upload"
    );

    store
        .put(&key("a/b.txt"), object("text/plain", b"hi"))
        .await
        .unwrap();
    let url = store
        .public_url(&key("a/b.txt"))
        .expect("a public bucket publishes");
    assert_eq!(
        url,
        format!("{}/object/public/{BUCKET}/a/b.txt", fake.storage_url())
    );
    let fetched = reqwest::get(&url).await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), b"hi");
}

#[tokio::test]
async fn a_bucket_name_that_needs_escaping_is_refused_before_any_request() {
    let fake = storage().await;
    let project = project_with_key(&fake, fake.service_key());
    for bad in ["", "Media", "a/b", "a b", "-x"] {
        let config = StorageConfig {
            bucket: bad.to_owned(),
            ..config()
        };
        let result =
            SupabaseMediaStore::connect(&project, &config, &ClientSettings::default()).await;
        assert!(
            matches!(result, Err(StorageSetupError::BucketName)),
            "{bad:?}"
        );
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_refused_key_stops_startup_as_unauthorized() {
    let fake = storage().await;
    for key in ["sb_secret_wrong", fake.anon_key()] {
        let project = project_with_key(&fake, key);
        let result =
            SupabaseMediaStore::connect(&project, &config(), &ClientSettings::default()).await;
        assert!(
            matches!(
                result,
                Err(StorageSetupError::Bucket {
                    source: MediaError::Unauthorized,
                    ..
                })
            ),
            "{result:?}"
        );
    }
    assert!(fake.buckets().is_empty(), "no bucket was created");
}
