//! The `MediaStore` contract: upserts, reads, deletes, limits, links, concurrent writers.
//!
//! Run it with [`super::media_contract`], a factory yielding an `Arc<dyn MediaStore>` (or a
//! pair with a guard). Give the store a small `max_object_bytes` (1 MiB is plenty): one case
//! writes an object of exactly that size and one a byte more. Keys are random under
//! `contract/`, so a store shared between cases (a real bucket) works too.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use uuid::Uuid;

use inbox_domain::media::{ContentType, MediaKey, MediaObject};
use inbox_domain::ports::{MediaError, MediaStore};

use super::fixtures::Must;
use super::port_case::{Fixture, port_cases};

/// The fixture of a media case.
pub type Store = Arc<dyn MediaStore>;

impl Fixture<Store> for Store {
    fn fixture(&self) -> Store {
        self.clone()
    }
}

impl<G: Send> Fixture<Store> for (Store, G) {
    fn fixture(&self) -> Store {
        self.0.clone()
    }
}

port_cases![Store;
    ping_succeeds_on_a_working_store,
    put_then_get_returns_the_bytes_and_content_type,
    content_type_parameters_are_kept,
    an_empty_object_is_stored,
    put_on_a_used_key_replaces_the_object,
    get_of_a_missing_key_is_not_found,
    keys_form_a_flat_namespace,
    delete_removes_the_object_and_says_it_existed,
    delete_of_a_missing_key_says_it_did_not_exist,
    put_up_to_the_limit_is_stored_and_beyond_it_is_too_large,
    signed_url_of_a_missing_key_is_not_found,
    signed_url_lifetime_is_checked_before_anything_else,
    signed_url_expires_after_the_requested_lifetime,
    concurrent_writers_leave_one_whole_object,
];

/// A fresh key under `contract/`, unique to this call.
fn key(name: &str) -> MediaKey {
    MediaKey::parse(&format!("contract/{}/{name}", Uuid::new_v4().simple()))
        .must("fixture", "a generated key is valid")
}

fn object(content_type: &str, bytes: Vec<u8>) -> MediaObject {
    let content_type = ContentType::parse(content_type).must("fixture", "valid content type");
    MediaObject::new(content_type, bytes)
}

/// Asserts that `result` failed with the variant `expected` names.
fn assert_error<T: std::fmt::Debug>(
    case: &str,
    what: &str,
    result: Result<T, MediaError>,
    expected: &str,
    matches: fn(&MediaError) -> bool,
) {
    match result {
        Err(err) if matches(&err) => {}
        other => panic!("{case}: {what} must be {expected}, got {other:?}"),
    }
}

/// "One cheap round trip to the store."
async fn ping_succeeds_on_a_working_store(case: &'static str, store: Store) {
    store.ping().await.must(case, "ping");
    assert!(
        !store.backend().is_empty(),
        "{case}: backend names the store"
    );
}

/// "Stores `object` under `key`" / "The object under `key`: its bytes and the content type it
/// was stored with."
async fn put_then_get_returns_the_bytes_and_content_type(case: &'static str, store: Store) {
    let key = key("photo.png");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let stored = object("image/png", bytes);
    store.put(&key, stored.clone()).await.must(case, "put");
    let read = store.get(&key).await.must(case, "get");
    assert_eq!(
        read, stored,
        "{case}: bytes and content type come back exactly"
    );
}

/// "the content type it was stored with" (parameters included).
async fn content_type_parameters_are_kept(case: &'static str, store: Store) {
    let key = key("note.txt");
    let stored = object("text/plain; charset=utf-8", b"hola\n".to_vec());
    store.put(&key, stored.clone()).await.must(case, "put");
    let read = store.get(&key).await.must(case, "get");
    assert_eq!(
        read.content_type, stored.content_type,
        "{case}: content type"
    );
}

/// An object of zero bytes is an object.
async fn an_empty_object_is_stored(case: &'static str, store: Store) {
    let key = key("empty");
    store
        .put(&key, object("application/octet-stream", Vec::new()))
        .await
        .must(case, "put");
    let read = store.get(&key).await.must(case, "get");
    assert!(read.is_empty(), "{case}: no bytes");
    assert!(
        store.delete(&key).await.must(case, "delete"),
        "{case}: it existed"
    );
}

/// "replacing any object there (upsert)"; "Repeating a put is harmless."
async fn put_on_a_used_key_replaces_the_object(case: &'static str, store: Store) {
    let key = key("avatar");
    store
        .put(&key, object("image/png", vec![1; 2_000]))
        .await
        .must(case, "first put");
    let second = object("image/jpeg", vec![2; 10]);
    store
        .put(&key, second.clone())
        .await
        .must(case, "second put");
    store
        .put(&key, second.clone())
        .await
        .must(case, "repeated put");
    let read = store.get(&key).await.must(case, "get");
    assert_eq!(read, second, "{case}: the last put wins whole");
}

/// "`NotFound` when nothing is stored under `key`."
async fn get_of_a_missing_key_is_not_found(case: &'static str, store: Store) {
    let result = store.get(&key("missing")).await;
    assert_error(case, "get", result, "NotFound", |e| {
        matches!(e, MediaError::NotFound)
    });
}

/// "Object storage: a flat namespace of keys": `a` and `a/b` are two unrelated objects.
async fn keys_form_a_flat_namespace(case: &'static str, store: Store) {
    let parent = key("a");
    let child = MediaKey::parse(&format!("{parent}/b")).must(case, "child key");
    store
        .put(&parent, object("text/plain", b"parent".to_vec()))
        .await
        .must(case, "put parent");
    store
        .put(&child, object("text/plain", b"child".to_vec()))
        .await
        .must(case, "put child");
    assert_eq!(
        store.get(&parent).await.must(case, "get parent").bytes,
        b"parent"
    );
    assert!(
        store.delete(&parent).await.must(case, "delete parent"),
        "{case}: parent existed"
    );
    assert_eq!(
        store.get(&child).await.must(case, "get child").bytes,
        b"child",
        "{case}: deleting `a` leaves `a/b`"
    );
}

/// "Removes the object under `key`. Returns whether there was one."
async fn delete_removes_the_object_and_says_it_existed(case: &'static str, store: Store) {
    let key = key("gone");
    store
        .put(&key, object("image/gif", vec![9; 5]))
        .await
        .must(case, "put");
    assert!(
        store.delete(&key).await.must(case, "delete"),
        "{case}: it existed"
    );
    let result = store.get(&key).await;
    assert_error(case, "get after delete", result, "NotFound", |e| {
        matches!(e, MediaError::NotFound)
    });
}

/// "deleting a missing key is not an error, so a retried delete succeeds."
async fn delete_of_a_missing_key_says_it_did_not_exist(case: &'static str, store: Store) {
    let key = key("twice");
    store
        .put(&key, object("image/gif", vec![1]))
        .await
        .must(case, "put");
    assert!(
        store.delete(&key).await.must(case, "first delete"),
        "{case}: first"
    );
    let again = store.delete(&key).await.must(case, "retried delete");
    assert!(!again, "{case}: a retried delete reports nothing was there");
}

/// "`TooLarge` when the bytes exceed `max_object_bytes` (nothing is written)."
async fn put_up_to_the_limit_is_stored_and_beyond_it_is_too_large(
    case: &'static str,
    store: Store,
) {
    let limit = usize::try_from(store.max_object_bytes()).must(case, "limit fits in memory");
    let key = key("big");
    store
        .put(&key, object("application/octet-stream", vec![3; limit]))
        .await
        .must(case, "put at the limit");
    let result = store
        .put(&key, object("application/octet-stream", vec![4; limit + 1]))
        .await;
    assert_error(case, "put beyond the limit", result, "TooLarge", |e| {
        matches!(e, MediaError::TooLarge { .. })
    });
    let kept = store.get(&key).await.must(case, "get");
    assert!(
        kept.len() == limit as u64 && kept.bytes.iter().all(|&b| b == 3),
        "{case}: the refused put left the object as it was"
    );
}

/// "`NotFound` when nothing is stored under `key`" (`signed_url`).
async fn signed_url_of_a_missing_key_is_not_found(case: &'static str, store: Store) {
    let result = store
        .signed_url(&key("missing"), Duration::from_secs(60))
        .await;
    assert_error(case, "signed_url", result, "NotFound", |e| {
        matches!(e, MediaError::NotFound)
    });
}

/// "`Rejected` (field `expires_in`) when `expires_in` is not whole seconds from 1 second to
/// 7 days; checked before anything else."
async fn signed_url_lifetime_is_checked_before_anything_else(case: &'static str, store: Store) {
    let missing = key("missing");
    for lifetime in [
        Duration::ZERO,
        Duration::from_millis(2_500),
        Duration::from_secs(7 * 24 * 3600 + 1),
    ] {
        let result = store.signed_url(&missing, lifetime).await;
        match result {
            Err(MediaError::Rejected(err)) => {
                assert_eq!(
                    err.field, "expires_in",
                    "{case}: {lifetime:?} names the field"
                );
            }
            other => panic!("{case}: {lifetime:?} must be Rejected, got {other:?}"),
        }
    }
}

/// "`expires_at` is the time the store was asked plus `expires_in`."
async fn signed_url_expires_after_the_requested_lifetime(case: &'static str, store: Store) {
    let key = key("linked.jpg");
    store
        .put(&key, object("image/jpeg", vec![5; 100]))
        .await
        .must(case, "put");
    let lifetime = Duration::from_secs(600);
    let before = OffsetDateTime::now_utc();
    let link = store
        .signed_url(&key, lifetime)
        .await
        .must(case, "signed_url");
    let after = OffsetDateTime::now_utc();
    if let Some(link) = link {
        // A store may round to its own whole seconds.
        let slack = time::Duration::seconds(1);
        assert!(
            link.expires_at >= before + lifetime - slack
                && link.expires_at <= after + lifetime + slack,
            "{case}: expires_at {} must be about now + 600 s",
            link.expires_at
        );
        assert!(
            link.url.starts_with("https://") || link.url.starts_with("http://"),
            "{case}: the link is an absolute URL"
        );
    }
}

/// "Writes are atomic per key: a reader sees the whole old object or the whole new one, never a
/// mix, and of concurrent writes to one key the last one wins whole."
async fn concurrent_writers_leave_one_whole_object(case: &'static str, store: Store) {
    const WRITERS: u8 = 6;
    let key = key("contended");
    let version = |i: u8| {
        object(
            &format!("application/x-writer-{i}"),
            vec![i; 64 * 1024 + usize::from(i)],
        )
    };
    store.put(&key, version(0)).await.must(case, "first put");
    let mut tasks = Vec::new();
    for i in 1..=WRITERS {
        let (store, key) = (store.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..4 {
                store.put(&key, version(i)).await?;
                let read = store.get(&key).await?;
                let writer = read
                    .content_type
                    .as_str()
                    .trim_start_matches("application/x-writer-");
                let writer: u8 = writer.parse().unwrap_or(u8::MAX);
                if read != version(writer) {
                    return Ok(Some(writer));
                }
            }
            Ok::<_, MediaError>(None)
        }));
    }
    for task in tasks {
        let torn = task
            .await
            .must(case, "writer task")
            .must(case, "put or get");
        assert!(
            torn.is_none(),
            "{case}: a reader saw a torn object (writer {torn:?})"
        );
    }
    let last = store.get(&key).await.must(case, "final get");
    let writer: u8 = last
        .content_type
        .as_str()
        .trim_start_matches("application/x-writer-")
        .parse()
        .must(case, "a writer's content type");
    assert_eq!(
        last,
        version(writer),
        "{case}: the final object is one writer's, whole"
    );
}
