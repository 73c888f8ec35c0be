//! Storage's answers become the errors the filesystem store gives for the same situation.

use std::time::Duration;

use inbox_domain::ports::{MediaError, MediaStore};
use inbox_supabase::ClientSettings;
use inbox_supabase::storage::StorageConfig;
use inbox_testkit::fake_storage::{Fault, StorageRoute};

use super::{BUCKET, config, key, object, storage, store, store_with};

#[tokio::test]
async fn a_content_type_the_bucket_refuses_is_rejected_on_content_type() {
    let fake = storage().await;
    fake.add_bucket(BUCKET, false, None, Some(vec!["image/*".to_owned()]));
    let store = store(&fake).await;
    store
        .put(&key("ok.png"), object("image/png", b"png"))
        .await
        .unwrap();
    let refused = store
        .put(&key("no.txt"), object("text/plain", b"txt"))
        .await;
    assert!(
        matches!(&refused, Err(MediaError::Rejected(v)) if v.field == "content_type"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn an_object_larger_than_this_store_reads_is_too_large() {
    let fake = storage().await;
    let big = store(&fake).await;
    big.put(&key("big"), object("text/plain", &[7; 1_000]))
        .await
        .unwrap();
    let small = store_with(
        &fake,
        &StorageConfig {
            max_object_bytes: 100,
            ..config()
        },
        &ClientSettings::default(),
    )
    .await;
    let result = small.get(&key("big")).await;
    assert!(
        matches!(result, Err(MediaError::TooLarge { limit_bytes: 100 })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_bucket_deleted_under_the_store_is_not_mistaken_for_a_missing_object() {
    let fake = storage().await;
    let store = store(&fake).await;
    let deleted = reqwest::Client::new()
        .delete(format!("{}/bucket/{BUCKET}", fake.storage_url()))
        .header("apikey", fake.service_key())
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    let get = store.get(&key("any")).await;
    assert!(matches!(get, Err(MediaError::Internal(_))), "{get:?}");
    let sign = store.signed_url(&key("any"), Duration::from_secs(60)).await;
    assert!(matches!(sign, Err(MediaError::Internal(_))), "{sign:?}");
    let delete = store.delete(&key("any")).await;
    assert!(matches!(delete, Err(MediaError::Internal(_))), "{delete:?}");
    let ping = store.ping().await;
    assert!(matches!(ping, Err(MediaError::Unavailable(_))), "{ping:?}");
}

#[tokio::test]
async fn overload_and_server_errors_are_unavailable_and_refusals_unauthorized() {
    let fake = storage().await;
    let store = store(&fake).await;
    store
        .put(&key("x"), object("text/plain", b"x"))
        .await
        .unwrap();
    for status in [429, 500, 503, 504] {
        fake.inject(StorageRoute::Download, Fault::status(status));
        let result = store.get(&key("x")).await;
        assert!(
            matches!(result, Err(MediaError::Unavailable(_))),
            "{status}: {result:?}"
        );
    }
    fake.clear_faults();
    for status in [401, 403] {
        fake.inject(StorageRoute::Any, Fault::status(status));
        let get = store.get(&key("x")).await;
        assert!(
            matches!(get, Err(MediaError::Unauthorized)),
            "{status}: {get:?}"
        );
        let ping = store.ping().await;
        assert!(
            matches!(ping, Err(MediaError::Unauthorized)),
            "{status}: {ping:?}"
        );
    }
    fake.clear_faults();
    assert_eq!(store.get(&key("x")).await.unwrap().bytes, b"x");
}
