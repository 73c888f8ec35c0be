//! Signed URLs: absolute, readable without keys, refused once expired on Storage's clock.

use std::time::Duration;
use time::OffsetDateTime;

use inbox_domain::ports::MediaStore;

use super::{BUCKET, key, object, storage, store};

#[tokio::test]
async fn a_signed_url_reads_the_object_until_it_expires() {
    let fake = storage().await;
    let store = store(&fake).await;
    let key = key("wa/1065/77.jpg");
    store
        .put(&key, object("image/jpeg", b"jpeg bytes"))
        .await
        .unwrap();

    let before = OffsetDateTime::now_utc();
    let link = store
        .signed_url(&key, Duration::from_secs(300))
        .await
        .unwrap()
        .expect("Storage signs URLs");
    let after = OffsetDateTime::now_utc();
    assert!(link.expires_at >= before + Duration::from_secs(300));
    assert!(link.expires_at <= after + Duration::from_secs(300));
    let prefix = format!(
        "{}/object/sign/{BUCKET}/wa/1065/77.jpg?token=",
        fake.storage_url()
    );
    assert!(link.url.starts_with(&prefix), "absolute URL of the object");

    // No keys: the token is the credential.
    let fetched = reqwest::get(&link.url).await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), b"jpeg bytes");

    // The fake's clock is the real one plus the advance, and a loaded machine may spend seconds
    // between these lines: stay well inside the lifetime, then go well past it.
    fake.advance_clock(Duration::from_secs(240));
    assert_eq!(
        reqwest::get(&link.url).await.unwrap().status(),
        200,
        "still valid"
    );
    fake.advance_clock(Duration::from_secs(120));
    let expired = reqwest::get(&link.url).await.unwrap();
    assert_ne!(expired.status(), 200, "expired on Storage's clock");
    let body = expired.text().await.unwrap();
    assert!(body.contains("exp"), "Storage says why: {body}");

    // A new link works again.
    let fresh = store
        .signed_url(&key, Duration::from_secs(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reqwest::get(&fresh.url).await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_lifetime_asked_is_the_one_sent() {
    let fake = storage().await;
    let store = store(&fake).await;
    let key = key("short");
    store.put(&key, object("text/plain", b"s")).await.unwrap();
    let link = store
        .signed_url(&key, Duration::from_secs(1))
        .await
        .unwrap()
        .unwrap();
    fake.advance_clock(Duration::from_secs(1));
    assert_ne!(
        reqwest::get(&link.url).await.unwrap().status(),
        200,
        "one second, not more"
    );
}
