//! `POST /webhook/whatsapp` through the enqueue batcher: concurrent deliveries share inserts, each
//! is acknowledged only once its own row is committed, and a failed batch answers 503 to all.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::ports::{DeliveryId, MockWebhookQueue, Storage};
use inbox_http::{BatchSettings, WebhookOptions};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, sign, wamid};

use crate::helpers::{TestApp, seed_webhook_account, spawn_with_webhooks, webhook_options};

const SECRET: &str = "batching-app-secret";

fn delivery(n: usize) -> Vec<u8> {
    Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(
            "16505551234",
            &wamid(&format!("batch-{n}")),
            "hi",
        ))
        .to_bytes()
}

/// An app whose webhook route stores through a batcher over `storage.webhooks`.
async fn app_with_batcher(storage: Storage, settings: BatchSettings) -> TestApp {
    seed_webhook_account(&storage, PHONE_NUMBER_ID, SECRET, "verify").await;
    let options = WebhookOptions {
        batching: Some(settings),
        ..webhook_options()
    };
    spawn_with_webhooks(storage, options).await
}

/// Posts every body at once; the statuses in the same order.
async fn post_all(app: &TestApp, bodies: &[Vec<u8>]) -> Vec<u16> {
    let posts: Vec<_> = bodies
        .iter()
        .map(|body| {
            let request = app
                .client
                .post(app.url("/webhook/whatsapp"))
                .header("content-type", "application/json")
                .header("x-hub-signature-256", sign(body, SECRET.as_bytes()))
                .body(body.clone());
            tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::with_capacity(posts.len());
    for post in posts {
        statuses.push(post.await.unwrap());
    }
    statuses
}

#[tokio::test]
async fn concurrent_deliveries_are_each_stored_once_and_acknowledged() {
    let storage = inbox_memory::storage();
    let settings = BatchSettings {
        max_in_flight: 1,
        ..BatchSettings::default()
    };
    let app = app_with_batcher(storage.clone(), settings).await;
    let bodies: Vec<Vec<u8>> = (0..60).map(delivery).collect();

    let statuses = post_all(&app, &bodies).await;

    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let claims = storage
        .webhooks
        .claim(1000, Duration::from_secs(30))
        .await
        .unwrap();
    let stored: Vec<Vec<u8>> = claims.into_iter().map(|c| c.body).collect();
    assert_eq!(
        stored.len(),
        bodies.len(),
        "each delivery stored exactly once"
    );
    let stored: HashSet<Vec<u8>> = stored.into_iter().collect();
    let posted: HashSet<Vec<u8>> = bodies.into_iter().collect();
    assert_eq!(stored, posted);
}

#[tokio::test]
async fn only_deliveries_whose_batch_was_committed_are_acknowledged() {
    // Every other batch fails: its requests must get 503, the others 200, and exactly the
    // acknowledged ones are stored.
    let committed = Arc::new(Mutex::new(Vec::<Vec<u8>>::new()));
    let calls = Arc::new(Mutex::new(0_usize));
    let mut queue = MockWebhookQueue::new();
    let (kept, counted) = (committed.clone(), calls.clone());
    queue.expect_enqueue_many().returning(move |bodies| {
        let mut calls = counted.lock().unwrap();
        *calls += 1;
        if *calls % 2 == 0 {
            return Err(RepoError::Unavailable("connection reset".into()));
        }
        let mut kept = kept.lock().unwrap();
        kept.extend(bodies.iter().cloned());
        Ok((0..bodies.len() as i64).map(DeliveryId::new).collect())
    });
    let memory = inbox_memory::storage();
    let storage = Storage {
        webhooks: Arc::new(queue),
        ..memory
    };
    let settings = BatchSettings {
        max_deliveries: 4,
        max_in_flight: 1,
        ..BatchSettings::default()
    };
    let app = app_with_batcher(storage, settings).await;
    let bodies: Vec<Vec<u8>> = (0..40).map(delivery).collect();

    let statuses = post_all(&app, &bodies).await;

    let committed: HashSet<Vec<u8>> = committed.lock().unwrap().iter().cloned().collect();
    for (body, status) in bodies.iter().zip(&statuses) {
        match status {
            200 => assert!(committed.contains(body), "a 200 for a delivery not stored"),
            503 => assert!(!committed.contains(body), "a 503 for a stored delivery"),
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(statuses.contains(&503), "some batches failed: {statuses:?}");
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        committed.len()
    );
}
