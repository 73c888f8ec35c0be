//! `inboxd serve` end to end: a signed webhook, applied by a worker, reaches an agent's
//! `GET /events` stream and `GET /ws` session through the bus and its journal.

use std::process::{Child, Stdio};

use futures::StreamExt;
use inbox_testkit::db::TestDatabase;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, sign, wamid};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::support::{admin_token, client_with_token, free_port, inboxd, wait_for_health};

const SECRET: &str = "realtime-app-secret";

/// The server process, killed if the test ends before stopping it.
struct Running(Option<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Reads server-sent events until one of type `kind`; returns its `id:` and JSON `data:`.
async fn next_of_kind(
    response: &mut reqwest::Response,
    buffer: &mut String,
    kind: &str,
) -> (String, Value) {
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|line| line.strip_prefix(name))
                    .map(str::to_owned)
            };
            if field("event: ").as_deref() == Some(kind) {
                let data = field("data: ").expect("an event has data");
                return (
                    field("id: ").expect("an event has an id"),
                    serde_json::from_str(&data).unwrap(),
                );
            }
        }
        let chunk = response.chunk().await.unwrap().expect("the stream ended");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_webhook_message_reaches_the_event_stream_and_the_websocket() {
    let db = TestDatabase::new().await.unwrap();
    let port = free_port();
    let mut server = Running(Some(
        inboxd()
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", db.connection_string())
            // Long, so that a stream holding the shutdown would fail the test below.
            .env("INBOX_SERVER__SHUTDOWN_TIMEOUT_SECS", "120")
            .env("INBOX_LOG__LEVEL", "warn")
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    ));
    wait_for_health(port).await;
    let token = admin_token(&db.connection_string());
    let client = client_with_token(&token);
    let account: Value = client
        .post(format!("http://127.0.0.1:{port}/accounts"))
        .json(&serde_json::json!({
            "name": "Live", "phone_number_id": PHONE_NUMBER_ID, "waba_id": "102290129340398",
            "display_phone_number": "+15550783881", "access_token": "token",
            "app_secret": SECRET, "verify_token": "verify",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut stream = client
        .get(format!("http://127.0.0.1:{port}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut ws_request = format!("ws://127.0.0.1:{port}/ws")
        .into_client_request()
        .unwrap();
    let bearer = format!("Bearer {token}").parse().unwrap();
    ws_request.headers_mut().insert("authorization", bearer);
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request).await.unwrap();

    let body = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text("16505551234", &wamid("live-1"), "hello"))
        .to_bytes();
    let stored = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/webhook/whatsapp"))
        .header("x-hub-signature-256", sign(&body, SECRET.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), 200);

    let (id, event) = next_of_kind(&mut stream, &mut String::new(), "message_received").await;
    assert_eq!(event["account_id"], account["id"]);
    assert_eq!(event["id"], id.as_str());
    let frame = loop {
        match socket.next().await.expect("the socket is open").unwrap() {
            Message::Text(text) => {
                let frame: Value = serde_json::from_str(&text).unwrap();
                if frame["type"] == "message_received" {
                    break frame;
                }
            }
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("unexpected message {other:?}"),
        }
    };
    assert_eq!(frame, event, "both transports carry the same JSON");

    // At SIGTERM the streams end at once (not after the grace period): the WebSocket is closed
    // with 1012 (service restart), the event stream ends, and the process exits cleanly.
    let mut child = server.0.take().unwrap();
    let pid = Pid::from_raw(i32::try_from(child.id()).unwrap());
    kill(pid, Signal::SIGTERM).unwrap();
    let close = loop {
        match socket.next().await.expect("a close frame").unwrap() {
            Message::Close(frame) => break frame,
            Message::Ping(_) | Message::Pong(_) | Message::Text(_) => {}
            other => panic!("unexpected message {other:?}"),
        }
    };
    assert_eq!(close.map(|frame| frame.code), Some(CloseCode::Restart));
    while stream.chunk().await.unwrap().is_some() {}
    assert!(
        child.wait().unwrap().success(),
        "inboxd did not stop cleanly"
    );
}
