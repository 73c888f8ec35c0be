//! `GET /ws` over a real WebSocket.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::realtime::app::{Pacing, RealtimeApp, contact_of};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(app: &RealtimeApp, query: &str) -> Socket {
    let mut request = format!("ws://{}/ws{query}", app.address)
        .into_client_request()
        .unwrap();
    let bearer = format!("Bearer {}", app.agent_a.token).parse().unwrap();
    request.headers_mut().insert("authorization", bearer);
    let (socket, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the WebSocket opens");
    assert_eq!(response.status(), 101);
    socket
}

/// The next text frame as JSON, skipping pings.
async fn next_json(socket: &mut Socket) -> Value {
    loop {
        match socket.next().await.expect("the socket is open").unwrap() {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("unexpected message {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_websocket_client_receives_the_events_of_its_accounts_in_order_and_nothing_of_others() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let mut socket = connect(&app, "").await;
    let (a, b) = (app.account_a, app.account_b);

    let events = app.publish(&[b, a, a, b, a]).await;

    for (expected_seq, index) in [(2, 1), (3, 2), (5, 4)] {
        let frame = next_json(&mut socket).await;
        assert_eq!(frame["id"], app.id_of(expected_seq));
        assert_eq!(frame["type"], "contact_updated");
        assert_eq!(frame["account_id"], a.to_string());
        assert_eq!(frame["contact_id"], contact_of(&events[index]));
    }
}

#[tokio::test]
async fn reconnecting_with_last_event_id_replays_what_was_missed_or_resyncs() {
    let app = RealtimeApp::spawn(Pacing {
        history: 3,
        ..Pacing::default()
    })
    .await;
    let a = app.account_a;
    let events = app.publish(&[a, a, a, a]).await;

    let mut resumed = connect(&app, &format!("?last_event_id={}", app.id_of(2))).await;
    for (expected_seq, index) in [(3, 2), (4, 3)] {
        let frame = next_json(&mut resumed).await;
        assert_eq!(frame["id"], app.id_of(expected_seq));
        assert_eq!(frame["contact_id"], contact_of(&events[index]));
    }

    let mut too_old = connect(&app, &format!("?last_event_id={}", app.id_of(0))).await;
    let frame = next_json(&mut too_old).await;
    assert_eq!(frame["type"], "resync");
    assert_eq!(frame["reason"], "too_old");
    assert_eq!(frame["id"], app.id_of(4));
}

#[tokio::test]
async fn the_server_pings_as_a_heartbeat() {
    let app = RealtimeApp::spawn(Pacing {
        heartbeat: Duration::from_millis(20),
        ..Pacing::default()
    })
    .await;
    let mut socket = connect(&app, "").await;
    match socket.next().await.expect("the socket is open").unwrap() {
        Message::Ping(_) => {}
        other => panic!("unexpected message {other:?}"),
    }
}

#[tokio::test]
async fn a_client_close_is_answered_with_a_close() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let mut socket = connect(&app, "").await;
    socket.close(None).await.unwrap();
    loop {
        match socket.next().await {
            Some(Ok(Message::Close(_))) | None => break,
            Some(Ok(_)) => {}
            Some(Err(error)) => panic!("the close handshake failed: {error}"),
        }
    }
}

#[tokio::test]
async fn the_server_closes_normally_after_the_stream_lifetime() {
    let app = RealtimeApp::spawn(Pacing {
        max_stream: Duration::from_millis(20),
        ..Pacing::default()
    })
    .await;
    let mut socket = connect(&app, "").await;
    match socket.next().await.expect("a close frame").unwrap() {
        Message::Close(Some(frame)) => assert_eq!(frame.code, CloseCode::Normal),
        other => panic!("unexpected message {other:?}"),
    }
    // The client answers the close; the server then ends the connection.
    assert!(socket.send(Message::Close(None)).await.is_ok() || socket.next().await.is_none());
}

#[tokio::test]
async fn a_plain_get_without_upgrade_is_refused_naming_the_field() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let response = reqwest::Client::new()
        .get(format!("http://{}/ws", app.address))
        .bearer_auth(&app.agent_a.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], "upgrade", "{body}");
}
