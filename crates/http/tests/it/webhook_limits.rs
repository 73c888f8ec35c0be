//! `POST /webhook/whatsapp` at its edges: body limits, storage down, the credential snapshot.

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use inbox_domain::RepoError;
use inbox_domain::ports::DeliveryState;
use inbox_http::{DEFAULT_WEBHOOK_BODY_LIMIT, WebhookOptions};
use inbox_testkit::webhook::sign;

use crate::helpers::{Mocks, error_of, seed_webhook_account, spawn_with_webhooks, webhook_options};

const SECRET: &[u8] = b"limit-app-secret";

/// A JSON envelope padded with spaces to exactly `size` bytes.
fn body_of(size: usize) -> Vec<u8> {
    let mut body = br#"{"object":"whatsapp_business_account","entry":[]}"#.to_vec();
    body.resize(size, b' ');
    body
}

async fn storage_with_secret() -> inbox_domain::ports::Storage {
    let storage = inbox_memory::storage();
    let secret = std::str::from_utf8(SECRET).unwrap();
    seed_webhook_account(&storage, "106540352242922", secret, "verify").await;
    storage
}

async fn queued(storage: &inbox_domain::ports::Storage) -> usize {
    storage
        .webhooks
        .list(DeliveryState::Queued, None, 100)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_body_at_the_default_4_mib_limit_is_accepted_and_one_byte_more_is_413() {
    let storage = storage_with_secret().await;
    let app = spawn_with_webhooks(storage.clone(), webhook_options()).await;

    let at_limit = body_of(DEFAULT_WEBHOOK_BODY_LIMIT);
    let signature = sign(&at_limit, SECRET);
    assert_eq!(
        app.post_webhook(at_limit, Some(&signature))
            .await
            .status()
            .as_u16(),
        200
    );

    let over = body_of(DEFAULT_WEBHOOK_BODY_LIMIT + 1);
    let signature = sign(&over, SECRET);
    let error = error_of(app.post_webhook(over, Some(&signature)).await, 413).await;
    assert_eq!(error["code"], "payload_too_large");
    assert_eq!(queued(&storage).await, 1);
}

#[tokio::test]
async fn the_limit_is_configurable_and_also_bounds_chunked_bodies() {
    let storage = storage_with_secret().await;
    let options = WebhookOptions {
        body_limit: 2048,
        ..webhook_options()
    };
    let app = spawn_with_webhooks(storage.clone(), options).await;

    let over = body_of(2049);
    let signature = sign(&over, SECRET);
    let error = error_of(app.post_webhook(over.clone(), Some(&signature)).await, 413).await;
    assert_eq!(error["code"], "payload_too_large");

    // The same body in chunks, without Content-Length, written by hand off the runtime.
    let address = app.address.trim_start_matches("http://").to_owned();
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let head = format!(
            "POST /webhook/whatsapp HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\
             X-Hub-Signature-256: {signature}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        // The server may answer and close before every chunk is written.
        for chunk in over.chunks(512) {
            let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
            let _ = stream.write_all(chunk);
            let _ = stream.write_all(b"\r\n");
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let mut status = [0_u8; 12];
        stream.read_exact(&mut status).unwrap();
        status
    })
    .await
    .unwrap();
    assert_eq!(
        &response,
        b"HTTP/1.1 413",
        "{}",
        String::from_utf8_lossy(&response)
    );
    assert_eq!(queued(&storage).await, 0);
}

#[tokio::test]
async fn storage_down_answers_503_so_meta_retries() {
    let account_store = storage_with_secret().await;
    let accounts = account_store.accounts.list().await.unwrap();
    let mut mocks = Mocks::new();
    mocks
        .accounts
        .expect_list()
        .returning(move || Ok(accounts.clone()));
    mocks
        .webhooks
        .expect_enqueue()
        .times(1)
        .returning(|_| Err(RepoError::Unavailable("connection refused".into())));
    let app = spawn_with_webhooks(mocks.into_storage(), webhook_options()).await;
    let body = body_of(100);

    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, SECRET)))
        .await;

    let error = error_of(response, 503).await;
    assert_eq!(error["code"], "storage_unavailable");
}

#[tokio::test]
async fn a_secret_added_elsewhere_is_found_by_a_reload_after_a_miss() {
    let storage = storage_with_secret().await;
    let options = WebhookOptions {
        secrets_min_reload_interval: Duration::ZERO,
        ..webhook_options()
    };
    let app = spawn_with_webhooks(storage.clone(), options).await;
    let body = body_of(100);
    assert_eq!(
        app.post_webhook(body.clone(), Some(&sign(&body, SECRET)))
            .await
            .status()
            .as_u16(),
        200
    );

    // As another instance would: straight into storage, no invalidation here.
    seed_webhook_account(&storage, "106540352242923", "new-app-secret", "v").await;
    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, b"new-app-secret")))
        .await;

    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_flood_of_bad_signatures_reloads_the_accounts_at_most_once_a_second() {
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let mut mocks = Mocks::new();
    mocks.accounts.expect_list().returning(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        Ok(Vec::new())
    });
    mocks.webhooks.expect_enqueue().never();
    let app = spawn_with_webhooks(mocks.into_storage(), webhook_options()).await;
    let body = body_of(100);
    let forged = sign(&body, b"guessed");

    let started = Instant::now();
    for _ in 0..40 {
        let response = app.post_webhook(body.clone(), Some(&forged)).await;
        assert_eq!(response.status().as_u16(), 401);
    }

    // The first load, then at most one reload per started second.
    let allowed = 2 + usize::try_from(started.elapsed().as_secs()).unwrap();
    let loads = loads.load(Ordering::SeqCst);
    assert!(loads <= allowed, "{loads} loads for 40 requests");
}

#[tokio::test]
async fn a_body_that_arrives_too_slowly_is_408() {
    let storage = storage_with_secret().await;
    let options = WebhookOptions {
        body_timeout: Duration::from_millis(300),
        ..webhook_options()
    };
    let app = spawn_with_webhooks(storage.clone(), options).await;
    let address = app.address.trim_start_matches("http://").to_owned();

    // Blocking socket work off the runtime that drives the server.
    let (status, elapsed) = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let started = Instant::now();
        let head =
            b"POST /webhook/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{";
        stream.write_all(head).unwrap();
        let mut status = [0_u8; 12];
        stream.read_exact(&mut status).unwrap();
        (status, started.elapsed())
    })
    .await
    .unwrap();

    assert_eq!(
        &status,
        b"HTTP/1.1 408",
        "{}",
        String::from_utf8_lossy(&status)
    );
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(queued(&storage).await, 0);
}
