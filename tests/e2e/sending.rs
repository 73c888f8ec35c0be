//! Sending end to end: the real application on PostgreSQL, its send workers, a fake Meta. What
//! reaches Meta, idempotent repeats and the 24-hour window here; failures, reconciliation and
//! several workers in the `sending_*` files.

use serde_json::json;

use crate::helpers::eventually;
use crate::sending_support::{Outbound, WITHIN, text};

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
