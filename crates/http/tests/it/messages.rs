//! Message pages: newest first through `next_before`, the message shape, and their errors.

use serde_json::Value;

use crate::helpers::{error_of, seed_account, seed_conversation, seed_message, spawn_app};

#[tokio::test]
async fn messages_are_paged_newest_first_through_next_before() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    let oldest = seed_message(&app.storage, conversation.id, "one", 3).await;
    let middle = seed_message(&app.storage, conversation.id, "two", 2).await;
    let newest = seed_message(&app.storage, conversation.id, "three", 1).await;
    let base = format!("/conversations/{}/messages", conversation.id);

    let first: Value = app
        .get(&format!("{base}?limit=2"))
        .await
        .json()
        .await
        .unwrap();
    let before = first["next_before"]
        .as_str()
        .expect("a cursor after a full page");
    let second: Value = app
        .get(&format!("{base}?limit=2&before={before}"))
        .await
        .json()
        .await
        .unwrap();

    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&first), [newest.id.to_string(), middle.id.to_string()]);
    assert_eq!(ids(&second), [oldest.id.to_string()]);
    assert_eq!(second["next_before"], Value::Null);
}

#[tokio::test]
async fn a_message_has_every_documented_field() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    let message = seed_message(&app.storage, conversation.id, "hi", 1).await;

    let page: Value = app
        .get(&format!("/conversations/{}/messages", conversation.id))
        .await
        .json()
        .await
        .unwrap();

    let m = &page["items"][0];
    assert_eq!(m["id"], message.id.to_string());
    assert_eq!(m["conversation_id"], conversation.id.to_string());
    assert_eq!(m["direction"], "inbound");
    assert_eq!(m["kind"], "text");
    assert_eq!(m["body"], "hi");
    assert_eq!(m["status"], "delivered");
    assert_eq!(m["wamid"], message.wamid.as_ref().unwrap().as_str());
    assert_eq!(m["reactions"], serde_json::json!([]));
    for field in [
        "media",
        "error",
        "reply_to",
        "reply_to_wamid",
        "edited_at",
        "deleted_at",
    ] {
        assert_eq!(m[field], Value::Null, "{field}");
    }
    for field in ["sent_at", "created_at"] {
        let text = m[field].as_str().unwrap();
        assert!(
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                .is_ok(),
            "{field}"
        );
    }
}

#[tokio::test]
async fn an_empty_conversation_has_an_empty_page_and_an_unknown_one_is_a_404() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;

    let empty: Value = app
        .get(&format!("/conversations/{}/messages", conversation.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["items"], serde_json::json!([]));
    assert_eq!(empty["next_before"], Value::Null);

    let unknown = app
        .get(&format!("/conversations/{}/messages", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(
        error_of(unknown, 404).await["code"],
        "conversation_not_found"
    );
}

#[tokio::test]
async fn bad_before_and_limit_are_named() {
    let app = spawn_app().await;
    let id = uuid::Uuid::now_v7();
    for (query, field) in [
        ("before=nope", "before"),
        ("limit=-1", "limit"),
        ("limit=1.5", "limit"),
    ] {
        let error = error_of(
            app.get(&format!("/conversations/{id}/messages?{query}"))
                .await,
            400,
        )
        .await;
        assert_eq!(error["field"], field, "{query}");
    }
    let bad_path = error_of(app.get("/conversations/xyz/messages").await, 400).await;
    assert_eq!(bad_path["field"], "id");
}
