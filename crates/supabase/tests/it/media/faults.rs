//! Failures during an upload leave the previous object whole, and a retried put succeeds.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use inbox_domain::ports::{MediaError, MediaStore};
use inbox_supabase::{ClientSettings, SupabaseMediaStore};
use inbox_testkit::fake_storage::{Fault, StorageRoute};
use secrecy::SecretString;

use super::{config, key, object, storage, store, store_with};

#[tokio::test]
async fn a_failed_upload_leaves_the_old_object_and_a_retry_replaces_it() {
    let fake = storage().await;
    let store = store(&fake).await;
    let key = key("avatar");
    store
        .put(&key, object("image/png", &[1; 5_000]))
        .await
        .unwrap();

    fake.inject(StorageRoute::Upload, Fault::status(500).times(1));
    let failed = store.put(&key, object("image/jpeg", &[2; 7_000])).await;
    assert!(
        matches!(failed, Err(MediaError::Unavailable(_))),
        "{failed:?}"
    );
    assert_eq!(
        store.get(&key).await.unwrap(),
        object("image/png", &[1; 5_000])
    );

    store
        .put(&key, object("image/jpeg", &[2; 7_000]))
        .await
        .unwrap();
    assert_eq!(
        store.get(&key).await.unwrap(),
        object("image/jpeg", &[2; 7_000])
    );
}

#[tokio::test]
async fn an_upload_that_outlives_the_timeout_is_unavailable_and_never_torn() {
    let fake = storage().await;
    // The store gives up after 2 s; the fake holds the upload for 6 s.
    let settings = ClientSettings {
        request_timeout: Duration::from_secs(2),
        ..ClientSettings::default()
    };
    let store = store_with(&fake, &config(), &settings).await;
    let key = key("slow");
    let old = object("application/octet-stream", &[1; 64 * 1024]);
    let new = object("application/octet-stream", &[2; 64 * 1024]);
    store.put(&key, old.clone()).await.unwrap();
    fake.inject(
        StorageRoute::Upload,
        Fault::delay(Duration::from_secs(6)).times(1),
    );
    let result = store.put(&key, new.clone()).await;
    assert!(
        matches!(result, Err(MediaError::Unavailable(_))),
        "{result:?}"
    );
    let seen = store.get(&key).await.unwrap();
    assert!(seen == old || seen == new, "one whole object");
}

/// A server that describes any bucket, then cuts every other request off after its first
/// bytes; with `keep_listening` false it stops listening after the first answer instead.
async fn scripted_server(keep_listening: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut head = vec![0; 1024];
            let read = socket.read(&mut head).await.unwrap_or(0);
            if head[..read].starts_with(b"GET /storage/v1/bucket/") {
                let body = r#"{"id":"media","name":"media","public":false,"file_size_limit":null}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            }
            // Anything else: the connection drops in the middle of the request body.
            drop(socket);
            if !keep_listening {
                // The listener goes with the task: nothing accepts connections any more.
                return;
            }
        }
    });
    url
}

/// A store connected through [`scripted_server`].
async fn scripted_store(keep_listening: bool) -> SupabaseMediaStore {
    let url = scripted_server(keep_listening).await;
    let project =
        inbox_supabase::SupabaseProject::new(&url, SecretString::from("sb_secret_x".to_owned()))
            .unwrap();
    SupabaseMediaStore::connect(&project, &config(), &ClientSettings::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_connection_cut_mid_upload_is_unavailable() {
    let store = scripted_store(true).await;
    let result = store
        .put(
            &key("cut"),
            object("application/octet-stream", &[9; 512 * 1024]),
        )
        .await;
    assert!(
        matches!(result, Err(MediaError::Unavailable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_unreachable_store_is_unavailable() {
    let store = scripted_store(false).await;
    let ping = store.ping().await;
    assert!(matches!(ping, Err(MediaError::Unavailable(_))), "{ping:?}");
    let put = store.put(&key("x"), object("text/plain", b"x")).await;
    assert!(matches!(put, Err(MediaError::Unavailable(_))), "{put:?}");
}
