//! Crash test: `inboxd` is SIGKILLed repeatedly while signed deliveries pour in; afterwards every
//! delivery's message exists exactly once and nothing is left unapplied.

use inbox_testkit::db::TestDatabase;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, wamid};
use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{admin_token, client_with_token, free_port, inboxd, wait_for_health};

const SECRET: &str = "crash-test-app-secret";
/// Deliveries posted; each carries one new inbound message.
const DELIVERIES: usize = 400;
/// How many times the server is killed during the run.
const KILLS: usize = 4;

fn spawn_server(db: &TestDatabase, port: u16) -> Child {
    inboxd()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", db.connection_string())
        .env("INBOX_DATABASE__POOL_MIN", "2")
        .env("INBOX_WEBHOOKS__LEASE_SECS", "2")
        .env("INBOX_WEBHOOKS__POLL_INTERVAL_MS", "200")
        .env("INBOX_WEBHOOKS__RESCUE_INTERVAL_SECS", "1")
        .env("INBOX_LOG__LEVEL", "warn")
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Posts one delivery until it is acknowledged, as Meta retries a delivery that was not.
async fn post_until_acked(
    client: &reqwest::Client,
    port: u16,
    index: usize,
    acked: &Mutex<BTreeSet<usize>>,
    refused: &AtomicUsize,
) {
    let (body, signature) = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(
            &format!("1650555{index:04}"),
            &wamid(&format!("crash-{index}")),
            "hello",
        ))
        .signed(SECRET.as_bytes());
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let sent = client
            .post(format!("http://127.0.0.1:{port}/webhook/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &signature)
            .body(body.clone())
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if matches!(&sent, Ok(response) if response.status() == 200) {
            acked.lock().unwrap().insert(index);
            return;
        }
        refused.fetch_add(1, Ordering::Relaxed);
        assert!(
            Instant::now() < deadline,
            "delivery {index} never acknowledged"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ingestion_loses_nothing_and_applies_nothing_twice() {
    let db = TestDatabase::new().await.unwrap();
    let port = free_port();
    let mut server = spawn_server(&db, port);
    wait_for_health(port).await;
    let client = client_with_token(&admin_token(&db.connection_string()));
    let account = client
        .post(format!("http://127.0.0.1:{port}/accounts"))
        .json(&serde_json::json!({
            "name": "Crash", "phone_number_id": PHONE_NUMBER_ID, "waba_id": "102290129340398",
            "display_phone_number": "+15550783881", "access_token": "token",
            "app_secret": SECRET, "verify_token": "verify",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 201);

    let acked = Arc::new(Mutex::new(BTreeSet::new()));
    // Attempts not acknowledged (server killed or restarting): proves the kills hit the load.
    let refused = Arc::new(AtomicUsize::new(0));
    let load = {
        let acked = Arc::clone(&acked);
        let refused = Arc::clone(&refused);
        let client = client.clone();
        tokio::spawn(async move {
            // Four concurrent senders; every tenth delivery is sent twice (a Meta duplicate).
            let mut senders = Vec::new();
            for lane in 0..4 {
                let acked = Arc::clone(&acked);
                let refused = Arc::clone(&refused);
                let client = client.clone();
                senders.push(tokio::spawn(async move {
                    for index in (lane..DELIVERIES).step_by(4) {
                        post_until_acked(&client, port, index, &acked, &refused).await;
                        // Paced so the load spans every kill below.
                        tokio::time::sleep(Duration::from_millis(40)).await;
                        if index % 10 == 0 {
                            post_until_acked(&client, port, index, &acked, &refused).await;
                        }
                    }
                }));
            }
            for sender in senders {
                sender.await.unwrap();
            }
        })
    };

    for kill in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(600 + 250 * kill as u64)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        server = spawn_server(&db, port);
    }
    load.await.unwrap();
    wait_for_health(port).await;

    let pg = db.connect().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending: i64 = pg
            .query_one(
                "SELECT count(*) FROM webhook_deliveries WHERE state <> 'done'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if pending == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{pending} deliveries never finished"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();

    assert_eq!(acked.lock().unwrap().len(), DELIVERIES);
    assert!(
        refused.load(Ordering::Relaxed) > 0,
        "the kills must land while deliveries are being posted"
    );
    let row = pg
        .query_one(
            "SELECT count(*), count(DISTINCT wamid), \
                    (SELECT COALESCE(sum(unread_count), 0) FROM conversations) \
             FROM messages",
            &[],
        )
        .await
        .unwrap();
    let (messages, distinct, unread): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(
        messages, DELIVERIES as i64,
        "every acknowledged message stored once"
    );
    assert_eq!(distinct, messages, "no message stored twice");
    assert_eq!(unread, messages, "unread counts bumped once per message");
}
