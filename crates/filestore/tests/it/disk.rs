//! What the store leaves on disk, and how it treats files it did not write.

use std::path::Path;
use std::time::{Duration, SystemTime};

use inbox_domain::media::{ContentType, MediaKey, MediaObject};
use inbox_domain::ports::{MediaError, MediaStore};
use inbox_filestore::{FileStore, FileStoreConfig, STALE_TEMP_AGE};

fn key(text: &str) -> MediaKey {
    MediaKey::parse(text).unwrap()
}

fn png(bytes: &[u8]) -> MediaObject {
    MediaObject::new(ContentType::parse("image/png").unwrap(), bytes.to_vec())
}

async fn open(root: &Path, max_object_bytes: u64) -> FileStore {
    FileStore::open(FileStoreConfig {
        max_object_bytes,
        ..FileStoreConfig::new(root)
    })
    .await
    .unwrap()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path.display().to_string());
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn objects_live_under_the_root_with_their_header_and_no_temporary_files_remain() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1024).await;

    store
        .put(&key("wa/1065/77.jpg"), png(b"\x89PNG"))
        .await
        .unwrap();
    store
        .put(&key("wa/1065/77.jpg"), png(b"again"))
        .await
        .unwrap();

    let object = dir.path().join("objects/wa/1065/77.jpg@");
    assert_eq!(
        std::fs::read(&object).unwrap(),
        b"INBOXMEDIA1\nimage/png\nagain"
    );
    assert_eq!(files_under(dir.path()), [object.display().to_string()]);
    assert_eq!(store.backend(), "filesystem");
    assert!(store.public_url(&key("wa/1065/77.jpg")).is_none());
    let link = store
        .signed_url(&key("wa/1065/77.jpg"), Duration::from_secs(60))
        .await;
    assert!(matches!(link, Ok(None)), "{link:?}");
}

#[tokio::test]
async fn a_file_that_grew_beyond_the_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 8).await;
    store.put(&key("a"), png(b"12345678")).await.unwrap();
    let path = dir.path().join("objects/a@");
    let mut grown = std::fs::read(&path).unwrap();
    grown.extend_from_slice(b"9");
    std::fs::write(&path, grown).unwrap();

    let result = store.get(&key("a")).await;
    assert!(
        matches!(result, Err(MediaError::TooLarge { limit_bytes: 8 })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_file_without_our_header_is_an_internal_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1024).await;
    std::fs::write(dir.path().join("objects/raw@"), b"\xff\xd8 a bare jpeg").unwrap();

    let result = store.get(&key("raw")).await;
    assert!(matches!(result, Err(MediaError::Internal(_))), "{result:?}");
}

#[tokio::test]
async fn opening_sweeps_old_temporary_files_and_keeps_young_ones() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path(), 1024).await;
    let tmp = dir.path().join("tmp");
    let old = tmp.join("old.part");
    let young = tmp.join("young.part");
    std::fs::write(&old, b"x").unwrap();
    std::fs::write(&young, b"x").unwrap();
    let long_ago = SystemTime::now() - STALE_TEMP_AGE - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();

    open(dir.path(), 1024).await;

    assert!(!old.exists(), "a write abandoned an hour ago is removed");
    assert!(young.exists(), "a write that may be in progress is kept");
}

#[tokio::test]
async fn a_store_whose_directories_vanished_fails_its_ping() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1024).await;
    store.ping().await.unwrap();
    std::fs::remove_dir_all(dir.path().join("objects")).unwrap();

    let result = store.ping().await;
    assert!(
        matches!(result, Err(MediaError::Unavailable(_))),
        "{result:?}"
    );
}
