//! Media galleries per conversation and per account: kinds, paging, errors and access.

use inbox_domain::{AccountId, ConversationId, Direction, MessageKind};
use inbox_testkit::agents::agent;
use serde_json::Value;

use crate::helpers::{
    client_with_token, error_of, seed_account, seed_conversation, seed_message, spawn_app,
};
use crate::message_actions::seed_kind;

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn page(app: &crate::helpers::TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_conversation_gallery_pages_its_media_of_the_asked_kinds_newest_first() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    let c = conversation.id;
    let image = seed_kind(
        &app.storage,
        c,
        Direction::Inbound,
        MessageKind::Image,
        None,
        5,
    )
    .await;
    seed_kind(
        &app.storage,
        c,
        Direction::Inbound,
        MessageKind::Document,
        None,
        4,
    )
    .await;
    let video = seed_kind(
        &app.storage,
        c,
        Direction::Outbound,
        MessageKind::Video,
        None,
        3,
    )
    .await;
    seed_message(&app.storage, c, "not media", 2).await;
    let base = format!("/conversations/{c}/media?kind=image,video");

    let first = page(&app, &format!("{base}&limit=1")).await;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a cursor after a full page");
    let second = page(&app, &format!("{base}&limit=1&cursor={cursor}")).await;

    assert_eq!(ids(&first), [video.id.to_string()]);
    assert_eq!(ids(&second), [image.id.to_string()]);
    assert_eq!(second["next_cursor"], Value::Null);
    assert!(first["items"][0]["media"]["meta_media_id"].is_string());
    let everything = page(&app, &format!("/conversations/{c}/media")).await;
    assert_eq!(ids(&everything).len(), 3, "every media kind by default");
}

#[tokio::test]
async fn deleted_media_leave_the_gallery() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    let c = conversation.id;
    let image = seed_kind(
        &app.storage,
        c,
        Direction::Inbound,
        MessageKind::Image,
        None,
        2,
    )
    .await;
    let response = app
        .client
        .delete(app.url(&format!("/messages/{}", image.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let gallery = page(&app, &format!("/conversations/{c}/media")).await;

    assert_eq!(gallery["items"], serde_json::json!([]));
}

#[tokio::test]
async fn an_account_gallery_spans_its_conversations_only() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let other = seed_account(&app.storage, "106540352242923").await;
    let (_, first) = seed_conversation(&app.storage, account.id, "16505550001").await;
    let (_, second) = seed_conversation(&app.storage, account.id, "16505550002").await;
    let (_, foreign) = seed_conversation(&app.storage, other.id, "16505550003").await;
    let sticker = MessageKind::Sticker;
    let older = seed_kind(&app.storage, first.id, Direction::Inbound, sticker, None, 3).await;
    let newer = seed_kind(
        &app.storage,
        second.id,
        Direction::Inbound,
        sticker,
        None,
        2,
    )
    .await;
    seed_kind(
        &app.storage,
        foreign.id,
        Direction::Inbound,
        sticker,
        None,
        1,
    )
    .await;
    seed_kind(
        &app.storage,
        first.id,
        Direction::Inbound,
        MessageKind::Audio,
        None,
        1,
    )
    .await;

    let gallery = page(
        &app,
        &format!("/accounts/{}/media?kind=sticker", account.id),
    )
    .await;

    assert_eq!(ids(&gallery), [newer.id.to_string(), older.id.to_string()]);
}

#[tokio::test]
async fn gallery_queries_name_their_bad_parameter() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    for base in [
        format!("/conversations/{}/media", conversation.id),
        format!("/accounts/{}/media", account.id),
    ] {
        for (query, field) in [
            ("kind=text", "kind"),
            ("kind=", "kind"),
            ("limit=0", "limit"),
            ("cursor=nope", "cursor"),
        ] {
            let error = error_of(app.get(&format!("{base}?{query}")).await, 400).await;
            assert_eq!(error["field"], field, "{base}?{query}");
        }
    }
}

#[tokio::test]
async fn unknown_and_foreign_galleries_answer_404() {
    let app = spawn_app().await;
    let own = seed_account(&app.storage, "106540352242922").await;
    let other = seed_account(&app.storage, "106540352242923").await;
    let (_, foreign) = seed_conversation(&app.storage, other.id, "16505550001").await;
    let unknown_conversation = ConversationId::generate();
    let unknown_account = AccountId::generate();

    let path = format!("/conversations/{unknown_conversation}/media");
    assert_eq!(
        error_of(app.get(&path).await, 404).await["code"],
        "conversation_not_found"
    );
    let path = format!("/accounts/{unknown_account}/media");
    assert_eq!(
        error_of(app.get(&path).await, 404).await["code"],
        "account_not_found"
    );

    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(own.id)).await;
    let client = client_with_token(&viewer.token);
    for (path, code) in [
        (
            format!("/conversations/{}/media", foreign.id),
            "conversation_not_found",
        ),
        (format!("/accounts/{}/media", other.id), "account_not_found"),
    ] {
        let response = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(error_of(response, 404).await["code"], code, "{path}");
    }
    let response = client
        .get(app.url(&format!("/accounts/{}/media", own.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
