//! The `MediaStore` contract of the testkit, on a store in a fresh temporary directory per case.

use std::sync::Arc;

use inbox_domain::ports::MediaStore;
use inbox_filestore::{FileStore, FileStoreConfig};
use inbox_testkit::contract::media_contract;

#[tokio::test]
async fn filesystem_store_passes_the_media_store_contract() {
    media_contract(|| async {
        let dir = tempfile::tempdir().expect("temporary directory");
        let config = FileStoreConfig {
            max_object_bytes: 1024 * 1024,
            ..FileStoreConfig::new(dir.path().join("media"))
        };
        let store = FileStore::open(config).await.expect("store opens");
        (Arc::new(store) as Arc<dyn MediaStore>, dir)
    })
    .await;
}
