//! Sending in groups end to end: many messages against a slow fake Meta, with the dispatch
//! notes and the ends of attempts written in groups and workers that keep their pipes full.

use std::time::Duration;

use inbox_testkit::fake_meta::{FakeMetaConfig, FakeRoute, Fault, FaultAction, Latency};

use crate::helpers::eventually;
use crate::sending_support::{Outbound, WITHIN, text};

/// Settings that make groups form: small groups, small pipes, a fast rate.
fn grouped(s: &mut inbox_server::Settings) {
    s.sending.workers = 2;
    s.sending.batch_size = 8;
    s.sending.in_flight = 16;
    s.sending.group_size = 8;
    s.sending.group_delay_ms = 5;
    s.sending.rate_per_second = 1000;
}

fn slow_meta() -> FakeMetaConfig {
    FakeMetaConfig {
        latency: Latency::Uniform(Duration::from_millis(20), Duration::from_millis(80)),
        ..FakeMetaConfig::default()
    }
}

/// Sends `count` texts; their message ids.
async fn send_many(out: &Outbound, count: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let message = out.send(text(&format!("grouped {n}"))).await;
        ids.push(message["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// Waits until message `id` is `sent` or `failed`; that status.
async fn settled(out: &Outbound, id: &str) -> String {
    eventually(&format!("message {id} settles"), WITHIN, || async {
        let message = out.message(id).await;
        let status = message["status"].as_str().unwrap_or_default().to_owned();
        matches!(status.as_str(), "sent" | "failed").then_some(status)
    })
    .await
}

#[tokio::test]
async fn many_messages_against_a_slow_meta_are_each_sent_once() {
    let out = Outbound::start_with(slow_meta(), grouped).await;
    let ids = send_many(&out, 120).await;
    let sent = out.assert_each_sent_once(&ids).await;
    for id in &ids {
        let message = out.message(id).await;
        let wamid = message["wamid"].as_str().unwrap_or_default();
        assert!(
            sent.iter()
                .any(|m| m.wamid.as_str() == wamid && m.callback_data.as_deref() == Some(id)),
            "message {id} carries the wamid Meta gave its own send"
        );
        let jobs = out.outbox.jobs(id.parse().unwrap()).await.unwrap();
        assert_eq!(
            jobs.iter().map(|j| j.state).collect::<Vec<_>>(),
            vec![inbox_domain::outbox::SendJobState::Done],
            "message {id}: one job, done"
        );
    }
    out.stop().await;
}

#[tokio::test]
async fn refused_and_accepted_sends_in_the_same_groups_each_end_their_own_way() {
    let out = Outbound::start_with(slow_meta(), grouped).await;
    // Meta refuses the first ten calls for good and accepts the rest.
    out.meta.inject(
        FakeRoute::SendMessage,
        Fault {
            action: FaultAction::MetaError {
                http_status: 400,
                code: 131_026,
                subcode: None,
                message: "scripted".to_owned(),
                details: Some("scripted by the test".to_owned()),
            },
            times: 10,
            accept_first: false,
        },
    );
    let ids = send_many(&out, 60).await;
    let mut failed = 0;
    for id in &ids {
        match settled(&out, id).await.as_str() {
            "failed" => {
                failed += 1;
                let message = out.message(id).await;
                assert_eq!(message["error"]["code"], 131_026, "{message}");
                assert_eq!(out.sends_of(id), 0, "a refused message was not accepted");
            }
            _ => assert_eq!(out.sends_of(id), 1, "message {id} sent once"),
        }
    }
    assert_eq!(failed, 10, "exactly the refused calls failed");
    assert_eq!(out.meta.sent_messages().len(), 50, "the others were sent");
    out.stop().await;
}
