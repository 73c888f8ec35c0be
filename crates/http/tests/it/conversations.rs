//! Conversations: list with pagination, one summary, and the errors of their parameters.

use std::collections::HashSet;

use serde_json::Value;

use crate::helpers::{error_of, seed_account, seed_conversation, seed_message, spawn_app};

#[tokio::test]
async fn conversations_are_paged_newest_first_through_next_cursor() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let mut expected = Vec::new();
    for (i, wa_id) in ["16505550001", "16505550002", "16505550003"]
        .into_iter()
        .enumerate()
    {
        let (_, conversation) = seed_conversation(&app.storage, account.id, wa_id).await;
        seed_message(&app.storage, conversation.id, "hello", 30 - i as i64).await;
        expected.insert(0, conversation.id.to_string());
    }

    let first: Value = app
        .get(&format!("/conversations?account_id={}&limit=2", account.id))
        .await
        .json()
        .await
        .unwrap();
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next cursor after a full page");
    let second: Value = app
        .get(&format!(
            "/conversations?account_id={}&limit=2&cursor={cursor}",
            account.id
        ))
        .await
        .json()
        .await
        .unwrap();

    let ids: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(second["next_cursor"], Value::Null);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3);
}

#[tokio::test]
async fn a_conversation_summary_carries_its_contact_and_last_message() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (contact, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    seed_message(&app.storage, conversation.id, "older", 5).await;
    let last = seed_message(&app.storage, conversation.id, "newest", 1).await;

    let response = app
        .get(&format!("/conversations/{}", conversation.id))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["id"], conversation.id.to_string());
    assert_eq!(body["account_id"], account.id.to_string());
    assert_eq!(body["status"], "open");
    assert_eq!(body["unread_count"], 2);
    assert_eq!(body["contact"]["id"], contact.id.to_string());
    assert_eq!(body["contact"]["wa_id"], "16505550001");
    assert_eq!(body["contact"]["profile_name"], "Ana");
    assert_eq!(body["last_message"]["id"], last.id.to_string());
    assert_eq!(body["last_message"]["body"], "newest");
    assert!(body["last_inbound_at"].is_string());
}

#[tokio::test]
async fn listing_needs_a_valid_account_id_and_answers_404_for_an_unknown_one() {
    let app = spawn_app().await;

    for path in ["/conversations", "/conversations?account_id=nope"] {
        let error = error_of(app.get(path).await, 400).await;
        assert_eq!(error["field"], "account_id", "{path}");
        assert_eq!(error["code"], "invalid_account_id", "{path}");
    }
    let unknown = app
        .get(&format!(
            "/conversations?account_id={}",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_eq!(error_of(unknown, 404).await["code"], "account_not_found");
}

#[tokio::test]
async fn bad_limit_and_cursor_are_named() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let cases = [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=garbage", "cursor"),
    ];
    for (query, field) in cases {
        let path = format!("/conversations?account_id={}&{query}", account.id);

        let error = error_of(app.get(&path).await, 400).await;

        assert_eq!(error["field"], field, "{query}");
        assert_eq!(error["code"], format!("invalid_{field}"), "{query}");
    }
}

#[tokio::test]
async fn an_unknown_conversation_is_a_404_and_a_bad_id_a_400() {
    let app = spawn_app().await;

    let missing = app
        .get(&format!("/conversations/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(
        error_of(missing, 404).await["code"],
        "conversation_not_found"
    );

    let bad = error_of(app.get("/conversations/123").await, 400).await;
    assert_eq!(bad["field"], "id");
}
