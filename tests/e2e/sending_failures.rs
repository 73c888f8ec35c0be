//! Sending end to end when Meta refuses: permanent and window errors fail the message, a
//! throughput error is retried, a credentials error pauses the account.

use std::time::Duration;

use inbox_testkit::fake_meta::FakeRoute;
use serde_json::json;

use crate::helpers::eventually;
use crate::sending_support::{Outbound, WITHIN, meta_error, text};

#[tokio::test]
async fn permanent_and_window_closed_errors_fail_the_message_with_metas_error() {
    let out = Outbound::start(|_| {}).await;
    out.meta
        .inject(FakeRoute::SendMessage, meta_error(400, 131_047, 1, false));
    let closed = out.send(text("too late")).await;
    let closed = out
        .until_status(closed["id"].as_str().unwrap(), "failed")
        .await;
    assert_eq!(closed["error"]["code"], 131_047, "{closed}");

    out.meta
        .inject(FakeRoute::SendMessage, meta_error(400, 100, 1, false));
    let bad = out.send(text("bad parameter")).await;
    let id = bad["id"].as_str().unwrap().to_owned();
    let bad = out.until_status(&id, "failed").await;
    assert_eq!(bad["error"]["code"], 100, "{bad}");

    // A failed message may be retried; this time Meta takes it.
    let (status, retried) = out
        .post(&format!("/messages/{id}/retry"), &json!({}), None)
        .await;
    assert_eq!(status, 202, "{retried}");
    assert_eq!(retried["status"], "pending");
    out.until_status(&id, "sent").await;
    let (status, again) = out
        .post(&format!("/messages/{id}/retry"), &json!({}), None)
        .await;
    assert_eq!(status, 409, "a sent message cannot be retried: {again}");
    out.stop().await;
}

#[tokio::test]
async fn a_throughput_error_is_retried_and_sent_once() {
    let out = Outbound::start(|_| {}).await;
    out.meta
        .inject(FakeRoute::SendMessage, meta_error(400, 130_429, 2, false));
    let message = out.send(text("busy")).await;
    let id = message["id"].as_str().unwrap();
    out.until_status(id, "sent").await;
    assert_eq!(
        out.meta.calls_to(FakeRoute::SendMessage).len(),
        3,
        "two refusals, one send"
    );
    assert_eq!(out.sends_of(id), 1);
    out.stop().await;
}

#[tokio::test]
async fn a_credentials_error_pauses_the_account_and_its_messages_wait() {
    let out = Outbound::start(|_| {}).await;
    out.meta
        .inject(FakeRoute::SendMessage, meta_error(401, 190, 1, false));
    let first = out.send(text("first")).await;
    let first = first["id"].as_str().unwrap().to_owned();
    let (_, account) = out.get(&format!("/messages/{first}")).await;
    let account: inbox_domain::AccountId = account["account_id"].as_str().unwrap().parse().unwrap();
    eventually("the account is paused", WITHIN, || async {
        out.outbox.paused(account).await.unwrap()
    })
    .await;
    let second = out.send(text("second")).await;
    let second = second["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(500)).await;
    for id in [&first, &second] {
        assert_eq!(
            out.message(id).await["status"],
            "pending",
            "waits, never fails"
        );
    }
    let (status, state) = out.get(&format!("/accounts/{account}/sending")).await;
    assert_eq!(status, 200);
    assert_eq!(state["paused"], true, "agents can see why: {state}");
    assert!(
        state["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "with Meta's reason: {state}"
    );
    let resume = format!("/accounts/{account}/sending/resume");
    let (status, resumed) = out.post(&resume, &json!({}), None).await;
    assert_eq!((status, resumed["resumed"].clone()), (200, json!(true)));
    out.until_status(&first, "sent").await;
    out.until_status(&second, "sent").await;
    let (_, state) = out.get(&format!("/accounts/{account}/sending")).await;
    assert_eq!(state["paused"], false);
    let (status, again) = out.post(&resume, &json!({}), None).await;
    assert_eq!(
        (status, again["resumed"].clone()),
        (200, json!(false)),
        "resuming a running account changes nothing"
    );
    out.stop().await;
}
