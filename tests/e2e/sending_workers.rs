//! Sending end to end with several workers and a rate: each message sent exactly once, and no
//! more sends per second than configured.

use std::time::Duration;

use crate::sending_support::{Outbound, text};

#[tokio::test]
async fn four_workers_send_each_of_many_messages_exactly_once() {
    let out = Outbound::start(|s| {
        s.sending.workers = 4;
        s.sending.batch_size = 4;
    })
    .await;
    let mut ids = Vec::new();
    for n in 0..60 {
        ids.push(
            out.send(text(&format!("message {n}"))).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    out.assert_each_sent_once(&ids).await;
    out.stop().await;
}

#[tokio::test]
async fn the_rate_limiter_holds_the_configured_rate() {
    let out = Outbound::start(|s| {
        s.sending.rate_per_second = 20;
        s.sending.batch_size = 100;
    })
    .await;
    let mut ids = Vec::new();
    for n in 0..50 {
        ids.push(
            out.send(text(&format!("paced {n}"))).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    for id in &ids {
        out.until_status(id, "sent").await;
    }
    let mut accepted: Vec<_> = out
        .meta
        .sent_messages()
        .iter()
        .map(|m| m.accepted_at)
        .collect();
    accepted.sort();
    // In any one second, at most the rate plus the burst (2 at 20/s).
    for (i, start) in accepted.iter().enumerate() {
        let within = accepted[i..]
            .iter()
            .take_while(|t| **t < *start + Duration::from_secs(1))
            .count();
        assert!(within <= 22, "{within} sends within a second at 20/s");
    }
    out.stop().await;
}
