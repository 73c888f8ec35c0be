//! The auto-template fallback end to end against the fake Meta: inside the window a plain
//! text; outside it a template is created, and its review (status webhook or periodic check)
//! sends the waiting message once or fails it with the reason; the daily creation limit; the
//! expiry of a message that waited too long; the deletion of a template once its message is read
//! (with `delete_auto_created_after_read`; the setting off is covered by the server's
//! `templates::cleanup_tests`, where a run's end is observable).

use inbox_testkit::fake_meta::StatusUpdate;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, TemplateStatus, sign, wamid};
use serde_json::{Value, json};

use crate::helpers::eventually;
use crate::sending_support::{Outbound, SECRET, WITHIN};

/// Posts `delivery` signed to the application's webhook; the status it answered.
async fn post_webhook(out: &Outbound, delivery: &Delivery) -> u16 {
    let body = delivery.to_bytes();
    out.client
        .post(format!("{}/webhook/whatsapp", out.base))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(&body, SECRET.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A conversation with a customer who wrote long ago (the window is closed); its id.
async fn closed_conversation(out: &Outbound) -> String {
    // The builders' default message time is in 2023.
    let delivery =
        Delivery::new(PHONE_NUMBER_ID).message(Msg::text("16505550000", &wamid("old"), "hi"));
    assert_eq!(post_webhook(out, &delivery).await, 200);
    let (_, me) = out
        .get(&format!("/conversations/{}", out.conversation))
        .await;
    let account = me["account_id"].as_str().unwrap().to_owned();
    eventually("the old conversation appears", WITHIN, || async {
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
    .await
}

/// POSTs an auto-template send of `text` to `conversation`: status and JSON.
async fn auto(out: &Outbound, conversation: &str, text: &str, key: Option<&str>) -> (u16, Value) {
    let path = format!("/conversations/{conversation}/messages/auto-template");
    out.post(&path, &json!({"text": text}), key).await
}

/// The one template fake Meta holds (created by the fallback): its Meta id and name.
fn created_template(out: &Outbound) -> (i64, String) {
    let templates = out.meta.templates();
    assert_eq!(templates.len(), 1, "{templates:?}");
    let t = &templates[0];
    assert!(t.name.starts_with("auto_"), "{}", t.name);
    assert_eq!(t.language, "en_US");
    (t.id.parse().unwrap(), t.name.clone())
}

/// A template status webhook with `status`.
fn review(status: TemplateStatus) -> Delivery {
    Delivery::empty()
        .entry(inbox_testkit::webhook::WABA_ID)
        .template_status(status)
}

#[tokio::test]
async fn inside_the_window_an_auto_template_send_is_a_plain_text() {
    let out = Outbound::start(|_| {}).await;
    let (status, message) = auto(&out, &out.conversation, "See you soon", None).await;
    assert_eq!(status, 202, "{message}");
    assert_eq!(message["status"], "pending");
    let id = message["id"].as_str().unwrap();
    out.until_status(id, "sent").await;
    let sent = out.meta.sent_messages();
    let ours: Vec<_> = sent
        .iter()
        .filter(|s| s.callback_data.as_deref() == Some(id))
        .collect();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0].kind, "text");
    assert!(out.meta.templates().is_empty(), "no template created");
    out.stop().await;
}

#[tokio::test]
async fn an_approval_by_webhook_sends_the_waiting_message_once_and_the_next_reuses_it() {
    let out = Outbound::start(|_| {}).await;
    let closed = closed_conversation(&out).await;
    let (status, message) = auto(&out, &closed, "Your order shipped", Some("k-1")).await;
    assert_eq!(status, 202, "{message}");
    assert_eq!(message["status"], "pending");
    let id = message["id"].as_str().unwrap().to_owned();
    let (meta_id, name) = created_template(&out);
    // Visible in the conversation at once, and not sent before the approval.
    let (_, page) = out.get(&format!("/conversations/{closed}/messages")).await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == id.as_str()),
        "{page}"
    );
    assert_eq!(out.sends_of(&id), 0);
    let (status, repeat) = auto(&out, &closed, "Your order shipped", Some("k-1")).await;
    assert_eq!(
        (status, repeat["id"].as_str()),
        (202, Some(id.as_str())),
        "{repeat}"
    );

    let approved = review(TemplateStatus::approved(meta_id, &name, "en_US"));
    assert_eq!(post_webhook(&out, &approved).await, 200);
    out.until_status(&id, "sent").await;
    // A second APPROVED for the same template sends nothing again.
    assert_eq!(post_webhook(&out, &approved).await, 200);
    let sent: Vec<_> = out
        .meta
        .sent_messages()
        .into_iter()
        .filter(|s| s.callback_data.as_deref() == Some(id.as_str()))
        .collect();
    assert_eq!(sent.len(), 1, "sent once");
    assert_eq!(sent[0].kind, "template");
    assert_eq!(sent[0].body["template"]["name"], name.as_str());

    // The same text again: the approved template is reused and sent at once.
    let (status, next) = auto(&out, &closed, "Your order shipped", None).await;
    assert_eq!(status, 202, "{next}");
    out.until_status(next["id"].as_str().unwrap(), "sent").await;
    assert_eq!(out.meta.templates().len(), 1, "no second template");
    // The key of the first send still answers the first message after its release.
    let (status, repeat) = auto(&out, &closed, "Your order shipped", Some("k-1")).await;
    assert_eq!(
        (status, repeat["id"].as_str()),
        (202, Some(id.as_str())),
        "{repeat}"
    );
    assert_eq!(out.sends_of(&id), 1);
    out.stop().await;
}

#[tokio::test]
async fn a_rejection_fails_the_waiting_message_with_the_reason() {
    let out = Outbound::start(|_| {}).await;
    let closed = closed_conversation(&out).await;
    let (status, message) = auto(&out, &closed, "Buy now!!!", None).await;
    assert_eq!(status, 202, "{message}");
    let id = message["id"].as_str().unwrap().to_owned();
    let (meta_id, name) = created_template(&out);
    let rejected = TemplateStatus::rejected(meta_id, &name, "en_US", "INVALID_FORMAT");
    assert_eq!(post_webhook(&out, &review(rejected)).await, 200);
    let failed = out.until_status(&id, "failed").await;
    assert_eq!(failed["error"]["code"], 132_001, "{failed}");
    assert_eq!(failed["error"]["details"], "INVALID_FORMAT", "{failed}");
    assert_eq!(out.sends_of(&id), 0);
    out.stop().await;
}

#[tokio::test]
async fn the_periodic_check_sends_the_message_of_a_template_approved_at_meta() {
    let out = Outbound::start(|s| {
        s.templates.status_check_interval_secs = 1;
        s.templates.pending_check_after_secs = 0;
    })
    .await;
    let closed = closed_conversation(&out).await;
    let (status, message) = auto(&out, &closed, "Your table is ready", None).await;
    assert_eq!(status, 202, "{message}");
    let id = message["id"].as_str().unwrap().to_owned();
    let (_, name) = created_template(&out);
    assert!(out.meta.set_template_status(&name, "APPROVED"));
    out.until_status(&id, "sent").await;
    assert_eq!(out.sends_of(&id), 1);
    out.stop().await;
}

#[tokio::test]
async fn creating_more_templates_than_the_daily_limit_is_refused() {
    let out = Outbound::start(|s| s.templates.auto_create_daily_limit = 1).await;
    let closed = closed_conversation(&out).await;
    let (status, first) = auto(&out, &closed, "First text", None).await;
    assert_eq!(status, 202, "{first}");
    let (status, refused) = auto(&out, &closed, "Second text", None).await;
    assert_eq!(status, 429, "{refused}");
    assert_eq!(refused["error"]["code"], "auto_template_limit");
    assert_eq!(out.meta.templates().len(), 1);
    // Reusing the pending template creates nothing: accepted.
    let (status, again) = auto(&out, &closed, "First text", None).await;
    assert_eq!(status, 202, "{again}");
    assert_eq!(again["status"], "pending");
    out.stop().await;
}

#[tokio::test]
async fn a_message_waiting_past_its_expiry_fails() {
    let out = Outbound::start(|s| {
        s.templates.status_check_interval_secs = 1;
        s.templates.auto_template_wait_secs = 1;
    })
    .await;
    let closed = closed_conversation(&out).await;
    let (status, message) = auto(&out, &closed, "Too late", None).await;
    assert_eq!(status, 202, "{message}");
    let id = message["id"].as_str().unwrap().to_owned();
    let failed = out.until_status(&id, "failed").await;
    assert_eq!(
        failed["error"]["title"], "Template not approved in time",
        "{failed}"
    );
    assert_eq!(out.sends_of(&id), 0);
    out.stop().await;
}

#[tokio::test]
async fn with_the_cleanup_on_a_template_is_deleted_once_its_message_is_read() {
    let out = Outbound::start(|s| {
        s.templates.status_check_interval_secs = 1;
        s.templates.delete_auto_created_after_read = true;
    })
    .await;
    let closed = closed_conversation(&out).await;
    let (status, message) = auto(&out, &closed, "Your parcel arrived", None).await;
    assert_eq!(status, 202, "{message}");
    let id = message["id"].as_str().unwrap().to_owned();
    let (meta_id, name) = created_template(&out);
    let approved = review(TemplateStatus::approved(meta_id, &name, "en_US"));
    assert_eq!(post_webhook(&out, &approved).await, 200);
    let sent = out.until_status(&id, "sent").await;
    // Sent but not read yet: the template is still needed.
    assert_eq!(out.meta.templates().len(), 1);
    out.meta
        .send_status(sent["wamid"].as_str().unwrap(), StatusUpdate::Read)
        .await
        .unwrap();
    out.until_status(&id, "read").await;
    eventually("the template is deleted at Meta", WITHIN, || async {
        out.meta.templates().is_empty().then_some(())
    })
    .await;
    let account = out.message(&id).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    eventually("the template is marked deleted", WITHIN, || async {
        let (_, page) = out.get(&format!("/accounts/{account}/templates")).await;
        page["items"].as_array().unwrap().is_empty().then_some(())
    })
    .await;
    out.stop().await;
}
