//! Webhook ingestion end to end: signed POSTs into the real application on PostgreSQL, applied
//! by its workers, read back through the API.

use inbox_domain::events::InboxEvent;
use inbox_domain::{
    ConversationId, Direction, MessageId, MessageKind, MessageStatus, NewMessage, Wamid,
};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, Status, wamid};

use crate::helpers::{account_body, eventually};
use crate::webhook_kinds::every_kind;
use crate::webhook_support::{CUSTOMER, Inbox, SECRET, WITHIN};

#[tokio::test]
async fn a_signed_text_message_is_visible_in_the_conversation_list_soon_after_its_200() {
    let inbox = Inbox::start().await;
    let mut events = inbox.app.events.subscribe();

    inbox
        .post(&Delivery::new(PHONE_NUMBER_ID).message(Msg::text(
            CUSTOMER,
            &wamid("e2e-1"),
            "olá 👍",
        )))
        .await;

    let conversation = eventually("the conversation appears", WITHIN, || async {
        inbox.conversations().await.into_iter().next()
    })
    .await;
    assert_eq!(conversation["last_message"]["body"], "olá 👍");
    assert_eq!(conversation["unread_count"], 1);
    let received = tokio::time::timeout(WITHIN, async {
        loop {
            if let InboxEvent::MessageReceived { .. } = events.recv().await.unwrap() {
                return;
            }
        }
    })
    .await;
    assert!(received.is_ok(), "no MessageReceived event");
    inbox.app.stop().await;
}

#[tokio::test]
async fn every_inbound_kind_from_the_builders_is_stored() {
    let inbox = Inbox::start().await;
    let kinds = every_kind();

    // Reactions last: one that arrives before its message is kept as a message of its own.
    for (_, delivery, _) in kinds.iter().filter(|case| case.2.is_some()) {
        inbox.post(delivery).await;
    }
    inbox.drained().await;
    for (_, delivery, _) in kinds.iter().filter(|case| case.2.is_none()) {
        inbox.post(delivery).await;
    }
    inbox.drained().await;

    let messages = inbox.messages().await;
    for (name, _, expected) in &kinds {
        let Some((seed, kind)) = expected else {
            continue;
        };
        let message = messages
            .get(&wamid(seed))
            .unwrap_or_else(|| panic!("{name}: not stored"));
        assert_eq!(message["kind"], *kind, "{name}");
    }
    let target = &messages[&wamid("kind-text")];
    assert_eq!(target["reactions"][0]["emoji"], "👍", "{target}");
    assert!(inbox.deliveries("parked").await.is_empty());
    assert_eq!(inbox.deliveries("done").await.len(), kinds.len());
    inbox.app.stop().await;
}

#[tokio::test]
async fn a_delivery_sent_three_times_is_applied_once() {
    let inbox = Inbox::start().await;
    let delivery =
        Delivery::new(PHONE_NUMBER_ID).message(Msg::text(CUSTOMER, &wamid("dup"), "once"));

    for _ in 0..3 {
        inbox.post(&delivery).await;
    }
    inbox.drained().await;

    assert_eq!(inbox.messages().await.len(), 1);
    assert_eq!(inbox.conversations().await[0]["unread_count"], 1);
    assert_eq!(inbox.deliveries("done").await.len(), 3);
    inbox.app.stop().await;
}

#[tokio::test]
async fn statuses_out_of_order_never_move_a_message_backwards() {
    let inbox = Inbox::start().await;
    inbox
        .post(&Delivery::new(PHONE_NUMBER_ID).message(Msg::text(CUSTOMER, &wamid("hi"), "hi")))
        .await;
    let conversation = eventually("the conversation appears", WITHIN, || async {
        inbox.conversations().await.into_iter().next()
    })
    .await;
    let conversation: ConversationId = conversation["id"].as_str().unwrap().parse().unwrap();
    let sent = wamid("out-1");
    // A status for a message we do not know yet waits for it.
    let early = wamid("out-2");
    inbox
        .post(&Delivery::new(PHONE_NUMBER_ID).status(Status::delivered(&early, CUSTOMER)))
        .await;
    inbox.drained().await;
    for wamid in [&sent, &early] {
        inbox
            .app
            .storage
            .messages
            .append(outbound(conversation, wamid))
            .await
            .unwrap();
    }

    for status in [
        Status::read(&sent, CUSTOMER),
        Status::sent(&sent, CUSTOMER),
        Status::delivered(&sent, CUSTOMER),
        Status::read(&sent, CUSTOMER),
    ] {
        inbox
            .post(&Delivery::new(PHONE_NUMBER_ID).status(status))
            .await;
    }
    inbox.drained().await;

    let statuses = eventually("every status is applied", WITHIN, || async {
        let messages = inbox.messages().await;
        let pair = (
            messages[&sent]["status"].clone(),
            messages[&early]["status"].clone(),
        );
        (pair.1 == "delivered").then_some(pair)
    })
    .await;
    assert_eq!(statuses.0, "read");
    inbox.app.stop().await;
}

#[tokio::test]
async fn an_unknown_number_is_parked_then_applied_once_its_account_is_connected() {
    let inbox = Inbox::start().await;
    let other = "106540352249999";
    inbox
        .post(&Delivery::new(other).message(Msg::text(CUSTOMER, &wamid("lost-1"), "hello?")))
        .await;

    let parked = eventually("the delivery is parked", WITHIN, || async {
        inbox.deliveries("parked").await.into_iter().next()
    })
    .await;
    assert_eq!(parked["parked_reason"], "unknown account");

    let (status, account) = inbox.app.post_json("/accounts", &account_body(other)).await;
    assert_eq!(status, 201, "{account}");
    let retry = format!("/admin/webhook-deliveries/{}/retry", parked["id"]);
    let (status, requeued) = inbox.app.post_json(&retry, &serde_json::json!({})).await;
    assert_eq!(status, 200, "{requeued}");

    let path = format!(
        "/conversations?account_id={}",
        account["id"].as_str().unwrap()
    );
    eventually("the message reaches the new account", WITHIN, || async {
        let (_, page) = inbox.app.get_json(&path).await;
        (page["items"][0]["last_message"]["body"] == "hello?").then_some(())
    })
    .await;
    assert!(
        inbox.conversations().await.is_empty(),
        "nothing in the first account"
    );
    inbox.app.stop().await;
}

#[tokio::test]
async fn invalid_json_with_a_valid_signature_is_parked_with_the_parse_error() {
    let inbox = Inbox::start().await;

    assert_eq!(inbox.app.post_signed(b"{\"object\": ", SECRET).await, 200);

    let parked = eventually("the delivery is parked", WITHIN, || async {
        inbox.deliveries("parked").await.into_iter().next()
    })
    .await;
    let reason = parked["parked_reason"].as_str().unwrap();
    assert!(
        reason.starts_with("invalid payload: body is not valid JSON"),
        "{reason}"
    );
    inbox.app.stop().await;
}

/// An agent's message Meta accepted as `wamid`.
fn outbound(conversation: ConversationId, wamid: &str) -> NewMessage {
    NewMessage {
        id: MessageId::generate(),
        conversation_id: conversation,
        direction: Direction::Outbound,
        kind: MessageKind::Text,
        body: Some("on its way".into()),
        media: None,
        payload: serde_json::json!({}),
        wamid: Some(Wamid::parse(wamid).unwrap()),
        status: MessageStatus::Sent,
        reply_to_wamid: None,
        sent_at: time::OffsetDateTime::now_utc(),
    }
}
