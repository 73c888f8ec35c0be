//! Sending end to end: the real application on PostgreSQL, its send workers, a fake Meta.

use std::collections::HashSet;
use std::time::Duration;

use inbox_testkit::fake_meta::{FakeRoute, Fault, FaultAction, StatusUpdate};
use serde_json::json;

use crate::helpers::eventually;
use crate::sending_support::{Outbound, WITHIN, text};

fn meta_error(http_status: u16, code: i64, times: usize, accept_first: bool) -> Fault {
    Fault {
        action: FaultAction::MetaError {
            http_status,
            code,
            subcode: None,
            message: "scripted".to_owned(),
            details: Some("scripted by the test".to_owned()),
        },
        times,
        accept_first,
    }
}

#[tokio::test]
async fn each_message_kind_reaches_meta_with_our_id_and_becomes_sent() {
    let out = Outbound::start(|_| {}).await;
    let inbound = out.inbound.clone();
    let mut reply = text("Answering your question");
    reply["reply_to"] = json!(inbound);
    let kinds = [
        (
            "text",
            json!({"type": "text", "text": {"body": "Hi", "preview_url": true}}),
        ),
        (
            "image",
            json!({"type": "image", "image": {"link": "https://example.com/a.jpg", "caption": "Look"}}),
        ),
        (
            "document",
            json!({"type": "document", "document": {"link": "https://example.com/a.pdf", "filename": "a.pdf"}}),
        ),
        (
            "interactive",
            json!({"type": "interactive", "interactive": {"type": "button", "body": "Pick",
            "buttons": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]}}),
        ),
        (
            "template",
            json!({"type": "template", "template": {"name": "order_update", "language": "en_US",
            "body": [{"type": "text", "text": "42"}]}}),
        ),
        (
            "location",
            json!({"type": "location", "location": {"latitude": 52.5, "longitude": 13.4, "name": "Shop"}}),
        ),
        (
            "contacts",
            json!({"type": "contacts", "contacts": [{"formatted_name": "Ann",
            "phones": [{"phone": "+1 555 0100", "type": "CELL"}]}]}),
        ),
        ("text", reply),
    ];
    let mut ids = Vec::new();
    for (kind, body) in kinds {
        let message = out.send(body).await;
        assert_eq!(message["kind"], kind, "{message}");
        ids.push(message["id"].as_str().unwrap().to_owned());
    }
    for id in &ids {
        let message = out.until_status(id, "sent").await;
        let wamid = message["wamid"].as_str().unwrap();
        let sent = out.meta.sent(wamid).expect("fake Meta accepted it");
        assert_eq!(
            sent.callback_data.as_deref(),
            Some(id.as_str()),
            "our id is the callback data"
        );
        assert_eq!(out.sends_of(id), 1, "sent once");
    }
    let quoted = out
        .meta
        .sent(out.message(&ids[7]).await["wamid"].as_str().unwrap())
        .unwrap();
    assert!(
        quoted.body["context"]["message_id"].is_string(),
        "the reply quotes the customer's message"
    );

    // A reaction reaches Meta as a reaction to the customer's message.
    let path = format!("/messages/{inbound}/reaction");
    let response = out
        .client
        .put(format!("{}{path}", out.base))
        .json(&json!({"emoji": "👍"}));
    assert_eq!(response.send().await.unwrap().status().as_u16(), 200);
    eventually("the reaction reaches Meta", WITHIN, || async {
        out.meta
            .sent_messages()
            .iter()
            .any(|m| m.kind == "reaction")
            .then_some(())
    })
    .await;
    out.stop().await;
}

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

#[tokio::test]
async fn an_idempotent_repeat_answers_the_first_message_and_sends_once() {
    let out = Outbound::start(|_| {}).await;
    let path = format!("/conversations/{}/messages", out.conversation);
    let (status, first) = out.post(&path, &text("once"), Some("key-1")).await;
    assert_eq!(status, 202, "{first}");
    let (status, repeat) = out.post(&path, &text("once"), Some("key-1")).await;
    assert_eq!(status, 202, "{repeat}");
    assert_eq!(repeat["id"], first["id"], "the first message");
    let (status, other) = out.post(&path, &text("another body"), Some("key-1")).await;
    assert_eq!(status, 409, "{other}");
    let id = first["id"].as_str().unwrap();
    out.until_status(id, "sent").await;
    assert_eq!(out.sends_of(id), 1);
    out.stop().await;
}

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
    for id in &ids {
        out.until_status(id, "sent").await;
    }
    let sent = out.meta.sent_messages();
    assert_eq!(sent.len(), ids.len(), "one send per message");
    let distinct: HashSet<_> = sent
        .iter()
        .filter_map(|m| m.callback_data.clone())
        .collect();
    assert_eq!(distinct.len(), ids.len(), "no message sent twice");
    out.stop().await;
}

#[tokio::test]
async fn an_ambiguous_send_is_reconciled_by_its_status_webhook_without_a_second_send() {
    let out = Outbound::start(|_| {}).await;
    // Meta takes the message, then the answer is lost in a 500: the worker cannot know.
    out.meta
        .inject(FakeRoute::SendMessage, meta_error(500, 1, 1, true));
    let message = out.send(text("did it go?")).await;
    let id: inbox_domain::MessageId = message["id"].as_str().unwrap().parse().unwrap();
    eventually("the job waits for reconciliation", WITHIN, || async {
        let jobs = out.outbox.jobs(id).await.unwrap();
        (jobs[0].state == inbox_domain::outbox::SendJobState::Unknown).then_some(())
    })
    .await;
    let accepted = out.meta.sent_messages();
    assert_eq!(accepted.len(), 1, "Meta has it once");
    assert_eq!(
        out.message(&id.to_string()).await["wamid"],
        serde_json::Value::Null
    );
    out.meta
        .send_status(&accepted[0].wamid, StatusUpdate::Delivered)
        .await
        .unwrap();
    let message = out.until_status(&id.to_string(), "delivered").await;
    assert_eq!(
        message["wamid"],
        accepted[0].wamid.as_str(),
        "the wamid came with the status"
    );
    let jobs = out.outbox.jobs(id).await.unwrap();
    assert_eq!(jobs[0].state, inbox_domain::outbox::SendJobState::Done);
    assert_eq!(out.sends_of(&id.to_string()), 1, "never sent again");
    out.stop().await;
}

#[tokio::test]
async fn a_worker_killed_after_calling_meta_is_reconciled_without_a_second_send() {
    // No workers of the application: this test plays the worker that dies.
    let out = Outbound::start(|s| s.sending.workers = 0).await;
    let message = out.send(text("worker dies")).await;
    let id: inbox_domain::MessageId = message["id"].as_str().unwrap().parse().unwrap();
    let jobs = out
        .outbox
        .claim(1, Duration::from_millis(500))
        .await
        .unwrap();
    let job = &jobs[0];
    assert!(out.outbox.dispatching(job.id, job.attempt).await.unwrap());
    let gateway =
        inbox_whatsapp::GraphGateway::new(inbox_whatsapp::GraphConfig::local_fake(out.meta.url()))
            .unwrap();
    let account = out.storage.accounts.get(job.account_id).await.unwrap();
    let request = job.request.clone().unwrap();
    let outbound = request
        .outbound(job.to.clone().unwrap(), None, None, Some(&id.to_string()))
        .unwrap();
    use inbox_domain::ports::WhatsAppGateway;
    gateway
        .send(
            &inbox_domain::outbound::SenderCredentials::of(&account),
            &outbound,
        )
        .await
        .unwrap();
    // ...and dies before recording it. The lease runs out; the rescue cannot resend it.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        out.outbox
            .rescue_expired(Duration::from_secs(600))
            .await
            .unwrap(),
        1
    );
    assert!(
        out.outbox
            .claim(10, Duration::from_secs(30))
            .await
            .unwrap()
            .is_empty(),
        "not resent"
    );
    let accepted = out.meta.sent_messages();
    out.meta
        .send_status(&accepted[0].wamid, StatusUpdate::Read)
        .await
        .unwrap();
    out.until_status(&id.to_string(), "read").await;
    assert_eq!(out.sends_of(&id.to_string()), 1, "sent once");
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

#[tokio::test]
async fn outside_the_window_only_a_template_is_accepted_and_bad_fields_are_named() {
    let out = Outbound::start(|_| {}).await;
    // Another customer who wrote long ago (the builders' default time is in 2023).
    let delivery = inbox_testkit::webhook::Delivery::new(inbox_testkit::webhook::PHONE_NUMBER_ID)
        .message(inbox_testkit::webhook::Msg::text(
            "16505550000",
            &inbox_testkit::webhook::wamid("old"),
            "long ago",
        ));
    let body = delivery.to_bytes();
    let signature = inbox_testkit::webhook::sign(&body, crate::sending_support::SECRET.as_bytes());
    let response = out
        .client
        .post(format!("{}/webhook/whatsapp", out.base))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let (_, me) = out
        .get(&format!("/conversations/{}", out.conversation))
        .await;
    let account = me["account_id"].as_str().unwrap().to_owned();
    let old = eventually("the old conversation appears", WITHIN, || async {
        let (_, page) = out
            .get(&format!("/conversations?account_id={account}"))
            .await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] != out.conversation.as_str())
            .and_then(|c| c["id"].as_str().map(str::to_owned))
    })
    .await;
    let path = format!("/conversations/{old}/messages");
    let (status, refused) = out.post(&path, &text("hello again"), None).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "window_closed");
    let template =
        json!({"type": "template", "template": {"name": "hello_world", "language": "en_US"}});
    let (status, queued) = out.post(&path, &template, None).await;
    assert_eq!(
        status, 202,
        "a template may open the conversation again: {queued}"
    );

    let path = format!("/conversations/{}/messages", out.conversation);
    let (status, invalid) = out
        .post(&path, &json!({"type": "text", "text": {"body": ""}}), None)
        .await;
    assert_eq!(status, 422, "{invalid}");
    assert_eq!(invalid["error"]["field"], "text.body");
    out.stop().await;
}
