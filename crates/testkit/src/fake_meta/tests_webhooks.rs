//! The fake's status webhooks: signed like Meta's, carrying the send's callback data.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{AutoStatuses, FakeMeta, FakeMetaConfig, StatusUpdate, WebhookTarget};
use crate::webhook::sign;

type Inbox = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A receiver that stores each POST's signature header and body; returns its URL.
fn receiver(inbox: Inbox) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/webhook/whatsapp", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let inbox = inbox.clone();
        App::new().route(
            "/webhook/whatsapp",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let inbox = inbox.clone();
                async move {
                    let signature = req
                        .headers()
                        .get("x-hub-signature-256")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    inbox.lock().unwrap().push((signature, body.to_vec()));
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    url
}

async fn fake_with(url: String, auto: Option<AutoStatuses>) -> FakeMeta {
    FakeMeta::start_with(FakeMetaConfig {
        webhook: Some(WebhookTarget {
            url,
            app_secret: "s3cret".into(),
        }),
        auto_statuses: auto,
        ..FakeMetaConfig::default()
    })
    .await
    .unwrap()
}

async fn send_text(fake: &FakeMeta) -> String {
    let body = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "to": "+16505551234", "type": "text", "text": {"body": "hi"}, "biz_opaque_callback_data": "msg-1"});
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/v23.0/106540352242922/messages", fake.url()))
        .bearer_auth(fake.access_token().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["contacts"][0]["wa_id"], "16505551234");
    assert_eq!(answer["messages"][0]["message_status"], "accepted");
    answer["messages"][0]["id"].as_str().unwrap().to_owned()
}

fn status_of(body: &[u8]) -> Value {
    let delivery: Value = serde_json::from_slice(body).unwrap();
    delivery["entry"][0]["changes"][0]["value"]["statuses"][0].clone()
}

#[tokio::test]
async fn status_webhooks_are_signed_and_carry_the_callback_data() {
    let inbox = Inbox::default();
    let fake = fake_with(receiver(inbox.clone()), None).await;
    let wamid = send_text(&fake).await;
    assert_eq!(
        fake.send_status(&wamid, StatusUpdate::Delivered)
            .await
            .unwrap(),
        200
    );
    assert_eq!(
        fake.send_status(&wamid, StatusUpdate::undeliverable())
            .await
            .unwrap(),
        200
    );
    let received = inbox.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    for (signature, body) in &received {
        assert_eq!(*signature, sign(body, b"s3cret"));
    }
    let delivered = status_of(&received[0].1);
    assert_eq!(delivered["id"], wamid.as_str());
    assert_eq!(delivered["status"], "delivered");
    assert_eq!(delivered["recipient_id"], "16505551234");
    assert_eq!(delivered["biz_opaque_callback_data"], "msg-1");
    let failed = status_of(&received[1].1);
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["errors"][0]["code"], 131_026);
}

#[tokio::test]
async fn auto_statuses_report_sent_delivered_and_read_in_order() {
    let inbox = Inbox::default();
    let auto = AutoStatuses {
        sent: Duration::from_millis(10),
        delivered: Duration::from_millis(30),
        read: Duration::from_millis(50),
    };
    let fake = fake_with(receiver(inbox.clone()), Some(auto)).await;
    send_text(&fake).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while inbox.lock().unwrap().len() < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let statuses: Vec<Value> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| status_of(body)["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![json!("sent"), json!("delivered"), json!("read")]
    );
}

#[tokio::test]
async fn an_unknown_wamid_or_a_missing_target_is_an_error() {
    let fake = FakeMeta::start().await.unwrap();
    assert!(
        fake.send_status("wamid.nope", StatusUpdate::Read)
            .await
            .is_err()
    );
    let wamid = send_text(&fake).await;
    let err = fake
        .send_status(&wamid, StatusUpdate::Read)
        .await
        .unwrap_err();
    assert!(matches!(err, super::FakeMetaError::NoWebhook), "{err:?}");
}
