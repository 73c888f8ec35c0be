//! `GET /events` over real HTTP.

use std::time::Duration;

use crate::realtime::app::{Pacing, RealtimeApp, contact_of};
use crate::realtime::sse_client::{Sse, SseReader};

async fn open(app: &RealtimeApp, last_event_id: Option<&str>) -> SseReader {
    let mut request = reqwest::Client::new()
        .get(format!("http://{}/events", app.address))
        .bearer_auth(&app.agent_a.token);
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    SseReader::new(request.send().await.expect("request failed"))
}

#[tokio::test]
async fn an_sse_client_receives_the_events_of_its_accounts_in_order_and_nothing_of_others() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let mut stream = open(&app, None).await;
    let (a, b) = (app.account_a, app.account_b);

    let events = app.publish(&[a, b, a, b, b, a]).await;

    let mine: Vec<_> = [0, 2, 5].iter().map(|i| &events[*i]).collect();
    for (expected_seq, expected) in [1, 3, 6].into_iter().zip(mine) {
        let (id, kind, data) = stream.next_event().await;
        assert_eq!(id, app.id_of(expected_seq));
        assert_eq!(kind, "contact_updated");
        assert_eq!(data["id"], id.as_str(), "the JSON carries the id too");
        assert_eq!(data["type"], "contact_updated");
        assert_eq!(data["account_id"], a.to_string());
        assert_eq!(data["contact_id"], contact_of(expected));
    }
}

#[tokio::test]
async fn reconnecting_with_last_event_id_replays_what_was_missed_in_order() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let a = app.account_a;
    let mut first = open(&app, None).await;
    app.publish(&[a]).await;
    let (seen, _, _) = first.next_event().await;
    drop(first);

    let missed = app.publish(&[a, app.account_b, a]).await;
    let mut again = open(&app, Some(&seen)).await;
    let live = app.publish(&[a]).await;

    for (expected_seq, expected) in [(2, &missed[0]), (4, &missed[2]), (5, &live[0])] {
        let (id, _, data) = again.next_event().await;
        assert_eq!(id, app.id_of(expected_seq));
        assert_eq!(data["contact_id"], contact_of(expected));
    }
}

#[tokio::test]
async fn an_id_older_than_the_history_gets_a_resync_then_live_events() {
    let app = RealtimeApp::spawn(Pacing {
        history: 2,
        ..Pacing::default()
    })
    .await;
    let a = app.account_a;
    app.publish(&[a, a, a, a, a]).await;

    let mut stream = open(&app, Some(&app.id_of(1))).await;
    let (id, kind, data) = stream.next_event().await;
    assert_eq!((kind.as_str(), id.clone()), ("resync", app.id_of(5)));
    assert_eq!(data["reason"], "too_old");

    let live = app.publish(&[a]).await;
    let (id, _, data) = stream.next_event().await;
    assert_eq!(id, app.id_of(6));
    assert_eq!(data["contact_id"], contact_of(&live[0]));
}

#[tokio::test]
async fn an_id_from_another_run_or_garbled_gets_an_unknown_id_resync() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    for (case, id) in [("another epoch", "1-1"), ("garbled", "not-an-id")] {
        let mut stream = open(&app, Some(id)).await;
        let (_, kind, data) = stream.next_event().await;
        assert_eq!(kind, "resync", "case {case}");
        assert_eq!(data["reason"], "unknown_id", "case {case}");
    }
}

#[tokio::test]
async fn an_idle_stream_sends_heartbeat_comments() {
    let app = RealtimeApp::spawn(Pacing {
        heartbeat: Duration::from_millis(20),
        ..Pacing::default()
    })
    .await;
    let mut stream = open(&app, None).await;
    assert_eq!(stream.next().await, Sse::Comment("connected".into()));
    assert_eq!(stream.next().await, Sse::Comment("heartbeat".into()));
}

#[tokio::test]
async fn open_streams_and_resyncs_are_counted_in_metrics() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let mut stream = open(&app, Some("garbled")).await;
    assert_eq!(stream.next_event().await.1, "resync");

    let metrics = reqwest::get(format!("http://{}/metrics", app.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for series in [
        "realtime_streams_open{transport=\"sse\"}",
        "realtime_resyncs_total{reason=\"unknown_id\"}",
    ] {
        assert!(metrics.contains(series), "{series} missing from\n{metrics}");
    }
}

#[tokio::test]
async fn a_browser_may_pass_its_token_as_access_token_and_no_token_is_refused() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let url = format!("http://{}/events", app.address);
    let anonymous = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    let response = reqwest::Client::new()
        .get(&url)
        .query(&[("access_token", app.agent_a.token.as_str())])
        .send()
        .await
        .unwrap();
    let mut stream = SseReader::new(response);
    let events = app.publish(&[app.account_a]).await;
    let (_, _, data) = stream.next_event().await;
    assert_eq!(data["contact_id"], contact_of(&events[0]));
}

#[tokio::test]
async fn a_stream_ends_after_its_lifetime_so_the_client_reconnects() {
    let app = RealtimeApp::spawn(Pacing {
        max_stream: Duration::from_millis(20),
        ..Pacing::default()
    })
    .await;
    let response = reqwest::Client::new()
        .get(format!("http://{}/events", app.address))
        .bearer_auth(&app.agent_a.token)
        .send()
        .await
        .unwrap();
    let body = response.text().await.expect("the stream ends");
    assert_eq!(body, ": connected\n\n");
}

#[tokio::test]
async fn a_client_that_stops_reading_never_blocks_publishing_and_is_told_to_resync() {
    let app = RealtimeApp::spawn(Pacing::default()).await;
    let mut slow = open(&app, None).await;
    let a = app.account_a;

    // Far more than the socket buffers, the stream's buffer and the history hold together:
    // publishing completes while the client reads nothing.
    for _ in 0..100 {
        app.publish(&[a; 1_000]).await;
    }

    let (mut seen, kind, data) = loop {
        let event = slow.next_event().await;
        if event.1 == "resync" {
            break event;
        }
    };
    assert_eq!(
        (kind.as_str(), &data["reason"]),
        ("resync", &"lagged".into())
    );
    // The stream catches up: events and resyncs until the newest id, then live events again.
    let newest = app.id_of(100_000);
    while seen != newest {
        seen = slow.next_event().await.0;
    }
    let live = app.publish(&[a]).await;
    let (id, _, data) = slow.next_event().await;
    assert_eq!(id, app.id_of(100_001));
    assert_eq!(data["contact_id"], contact_of(&live[0]));
}
