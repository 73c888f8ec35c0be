//! `POST /webhook/whatsapp`: signature checked on the raw bytes, one insert, 200.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::ports::{DeliveryState, Storage};
use inbox_http::WebhookOptions;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, sign, wamid};
use tokio::sync::Notify;

use crate::helpers::{
    TestApp, error_of, seed_webhook_account, spawn_with_webhooks, webhook_options,
};

const SECRET: &str = "first-app-secret";

fn delivery() -> Vec<u8> {
    Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text("16505551234", &wamid("http-1"), "olá 👍"))
        .to_bytes()
}

async fn app_with(options: WebhookOptions) -> (TestApp, Storage) {
    let storage = inbox_memory::storage();
    seed_webhook_account(&storage, PHONE_NUMBER_ID, SECRET, "verify").await;
    let app = spawn_with_webhooks(storage.clone(), options).await;
    (app, storage)
}

/// Every stored body, oldest first.
async fn stored(storage: &Storage) -> Vec<Vec<u8>> {
    let queued = storage
        .webhooks
        .list(DeliveryState::Queued, None, 100)
        .await
        .unwrap();
    let claims = storage
        .webhooks
        .claim(100, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(queued.len(), claims.len());
    claims.into_iter().map(|claim| claim.body).collect()
}

#[tokio::test]
async fn a_signed_delivery_is_stored_byte_for_byte_and_acknowledged_with_200() {
    let (app, storage) = app_with(webhook_options()).await;
    let body = delivery();

    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, SECRET.as_bytes())))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(response.bytes().await.unwrap().is_empty());
    assert_eq!(stored(&storage).await, vec![body]);
}

#[tokio::test]
async fn a_bad_or_missing_signature_returns_401_and_stores_nothing() {
    let (app, storage) = app_with(webhook_options()).await;
    let body = delivery();
    let good = sign(&body, SECRET.as_bytes());
    let digits = good.trim_start_matches("sha256=");
    let reencoded =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).unwrap()).unwrap();
    let mut changed = body.clone();
    changed[10] ^= 1;
    let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
        ("missing", body.clone(), None),
        ("empty", body.clone(), Some(String::new())),
        ("sha1 prefix", body.clone(), Some(format!("sha1={digits}"))),
        (
            "upper-case hex",
            body.clone(),
            Some(format!("sha256={}", digits.to_uppercase())),
        ),
        (
            "short",
            body.clone(),
            Some(good[..good.len() - 1].to_owned()),
        ),
        (
            "another secret",
            body.clone(),
            Some(sign(&body, b"another-secret")),
        ),
        ("one byte changed", changed, Some(good.clone())),
        ("re-serialised JSON", reencoded, Some(good.clone())),
    ];
    for (case, body, signature) in cases {
        let response = app.post_webhook(body, signature.as_deref()).await;
        let error = error_of(response, 401).await;
        assert_eq!(error["code"], "invalid_signature", "{case}");
    }
    assert!(stored(&storage).await.is_empty());
}

#[tokio::test]
async fn without_any_app_secret_every_delivery_is_refused() {
    let storage = inbox_memory::storage();
    let app = spawn_with_webhooks(storage.clone(), webhook_options()).await;
    let body = delivery();

    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, b"")))
        .await;

    assert_eq!(error_of(response, 401).await["code"], "invalid_signature");
    assert!(stored(&storage).await.is_empty());
}

#[tokio::test]
async fn a_second_accounts_app_secret_is_accepted() {
    let (app, storage) = app_with(webhook_options()).await;
    seed_webhook_account(&storage, "106540352242999", "second-app-secret", "v2").await;
    let body = delivery();

    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, b"second-app-secret")))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(stored(&storage).await.len(), 1);
}

#[tokio::test]
async fn rejected_signatures_are_counted_by_reason() {
    let (app, _storage) = app_with(webhook_options()).await;
    let body = delivery();
    app.post_webhook(body.clone(), Some("sha256=nothex")).await;

    let metrics = app.get("/metrics").await.text().await.unwrap();

    assert!(
        metrics.contains("webhook_signature_rejected_total{reason=\"malformed\"}"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_valid_signature_over_invalid_json_is_still_stored() {
    let (app, storage) = app_with(webhook_options()).await;
    let body = b"{\"object\": \"whatsapp_business_account\", \"entry\": [".to_vec();

    let response = app
        .post_webhook(body.clone(), Some(&sign(&body, SECRET.as_bytes())))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(stored(&storage).await, vec![body]);
}

#[tokio::test]
async fn a_stored_delivery_wakes_the_workers() {
    let wakeup = Arc::new(Notify::new());
    let options = WebhookOptions {
        wakeup: wakeup.clone(),
        ..webhook_options()
    };
    let (app, _storage) = app_with(options).await;
    let body = delivery();

    app.post_webhook(body.clone(), Some(&sign(&body, SECRET.as_bytes())))
        .await;

    tokio::time::timeout(Duration::from_secs(1), wakeup.notified())
        .await
        .expect("no wake-up after a stored delivery");
}

#[tokio::test]
async fn the_enqueue_hook_runs_once_per_stored_delivery_and_never_for_a_refused_one() {
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let options = WebhookOptions {
        on_enqueued: Some(Arc::new(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })),
        ..webhook_options()
    };
    let (app, _storage) = app_with(options).await;
    let body = delivery();

    app.post_webhook(body.clone(), Some(&sign(&body, b"not-the-secret")))
        .await;
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 0);
    app.post_webhook(body.clone(), Some(&sign(&body, SECRET.as_bytes())))
        .await;
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 1);
}
