//! Message actions over HTTP: get one, edit, delete, react; refusals, validation and access.

use inbox_domain::ports::Storage;
use inbox_domain::{
    ConversationId, Direction, MediaRef, Message, MessageId, MessageKind, MessageStatus,
    NewMessage, Wamid,
};
use inbox_testkit::agents::agent;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::helpers::{
    TestApp, client_with_token, error_of, seed_account, seed_conversation, seed_message,
    seed_outbound_text, spawn_app,
};

/// An app with one account and conversation.
async fn app_with_conversation() -> (TestApp, ConversationId) {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    (app, conversation.id)
}

/// Appends a message of `kind` (with a media file for media kinds) written by `direction`,
/// optionally replying to `reply_to`.
pub async fn seed_kind(
    storage: &Storage,
    conversation: ConversationId,
    direction: Direction,
    kind: MessageKind,
    reply_to: Option<&Message>,
    minutes_ago: i64,
) -> Message {
    let id = MessageId::generate();
    storage
        .messages
        .append(NewMessage {
            id,
            conversation_id: conversation,
            direction,
            kind,
            body: Some(format!("a {}", kind.as_str())),
            media: kind.is_media().then(|| MediaRef {
                meta_media_id: Some(format!("media-{}", id.as_uuid().simple())),
                storage_key: None,
                mime_type: None,
                sha256: None,
                filename: None,
            }),
            payload: json!({}),
            wamid: Some(Wamid::parse(&format!("wamid.{}", id.as_uuid().simple())).unwrap()),
            status: match direction {
                Direction::Inbound => MessageStatus::Delivered,
                Direction::Outbound => MessageStatus::Sent,
            },
            reply_to_wamid: reply_to.and_then(|m| m.wamid.clone()),
            sent_at: OffsetDateTime::now_utc() - time::Duration::minutes(minutes_ago),
        })
        .await
        .unwrap()
        .message
}

async fn send(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> reqwest::Response {
    let url = app.url(path);
    let request = match method {
        "PATCH" => app.client.patch(url),
        "PUT" => app.client.put(url),
        "DELETE" => app.client.delete(url),
        _ => app.client.get(url),
    };
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.expect("request failed")
}

async fn ok_json(response: reqwest::Response) -> Value {
    assert_eq!(response.status().as_u16(), 200, "unexpected status");
    response.json().await.unwrap()
}

#[tokio::test]
async fn get_returns_the_message_with_its_quote_and_reactions() {
    let (app, conversation) = app_with_conversation().await;
    let quoted = seed_message(&app.storage, conversation, "where is my order?", 3).await;
    let reply = seed_kind(
        &app.storage,
        conversation,
        Direction::Inbound,
        MessageKind::Text,
        Some(&quoted),
        2,
    )
    .await;
    let path = format!("/messages/{}", reply.id);
    ok_json(
        send(
            &app,
            "PUT",
            &format!("{path}/reaction"),
            Some(json!({"emoji": "👍"})),
        )
        .await,
    )
    .await;

    let m = ok_json(app.get(&path).await).await;

    assert_eq!(m["id"], reply.id.to_string());
    assert_eq!(m["account_id"], reply.account_id.to_string());
    assert_eq!(m["reply_to"], quoted.id.to_string());
    assert_eq!(m["quoted"]["id"], quoted.id.to_string());
    assert_eq!(m["quoted"]["direction"], "inbound");
    assert_eq!(m["quoted"]["kind"], "text");
    assert_eq!(m["quoted"]["preview"], "where is my order?");
    assert_eq!(m["quoted"]["deleted"], false);
    assert_eq!(m["reactions"][0]["emoji"], "👍");
    assert_eq!(m["reactions"][0]["direction"], "outbound");
    assert_eq!(m["deleted_scope"], Value::Null);
}

#[tokio::test]
async fn the_message_page_carries_quotes_too() {
    let (app, conversation) = app_with_conversation().await;
    let quoted = seed_message(&app.storage, conversation, "first", 3).await;
    seed_kind(
        &app.storage,
        conversation,
        Direction::Inbound,
        MessageKind::Text,
        Some(&quoted),
        2,
    )
    .await;

    let page = ok_json(
        app.get(&format!("/conversations/{conversation}/messages"))
            .await,
    )
    .await;

    assert_eq!(page["items"][0]["quoted"]["preview"], "first");
    assert_eq!(page["items"][1]["quoted"], Value::Null);
}

#[tokio::test]
async fn unknown_or_malformed_message_ids_answer_404_and_400_on_every_route() {
    let (app, _) = app_with_conversation().await;
    let unknown = MessageId::generate();
    let calls = [
        ("GET", format!("/messages/{unknown}"), None),
        (
            "PATCH",
            format!("/messages/{unknown}"),
            Some(json!({"text": "x"})),
        ),
        ("DELETE", format!("/messages/{unknown}"), None),
        (
            "PUT",
            format!("/messages/{unknown}/reaction"),
            Some(json!({"emoji": "👍"})),
        ),
        ("DELETE", format!("/messages/{unknown}/reaction"), None),
    ];
    for (method, path, body) in calls {
        let error = error_of(send(&app, method, &path, body.clone()).await, 404).await;
        assert_eq!(error["code"], "message_not_found", "{method} {path}");
        let bad = path.replace(&unknown.to_string(), "not-a-uuid");
        let error = error_of(send(&app, method, &bad, body).await, 400).await;
        assert_eq!(error["field"], "id", "{method} {bad}");
    }
}

#[tokio::test]
async fn editing_an_outbound_text_replaces_it_and_records_edited_at() {
    let (app, conversation) = app_with_conversation().await;
    let message = seed_outbound_text(&app.storage, conversation, "teh shop opens at 9", 1).await;
    let path = format!("/messages/{}", message.id);

    let edited = ok_json(
        send(
            &app,
            "PATCH",
            &path,
            Some(json!({"text": "the shop opens at 9"})),
        )
        .await,
    )
    .await;

    assert_eq!(edited["body"], "the shop opens at 9");
    assert!(edited["edited_at"].is_string(), "{edited}");
    let read = ok_json(app.get(&path).await).await;
    assert_eq!(read["body"], "the shop opens at 9");
    assert_eq!(read["edited_at"], edited["edited_at"]);
}

#[tokio::test]
async fn an_edit_with_bad_text_is_a_400_naming_text() {
    let (app, conversation) = app_with_conversation().await;
    let message = seed_outbound_text(&app.storage, conversation, "hi", 1).await;
    let path = format!("/messages/{}", message.id);
    for body in [
        json!({}),
        json!({"text": "  "}),
        json!({"text": 7}),
        json!({"text": "x".repeat(4097)}),
    ] {
        let error = error_of(send(&app, "PATCH", &path, Some(body)).await, 400).await;
        assert_eq!(error["code"], "invalid_text");
        assert_eq!(error["field"], "text");
    }
}

#[tokio::test]
async fn edits_of_inbound_non_text_or_deleted_messages_are_refused_with_422() {
    let (app, conversation) = app_with_conversation().await;
    let inbound = seed_message(&app.storage, conversation, "customer's", 3).await;
    let image = seed_kind(
        &app.storage,
        conversation,
        Direction::Outbound,
        MessageKind::Image,
        None,
        2,
    )
    .await;
    let deleted = seed_outbound_text(&app.storage, conversation, "gone", 1).await;
    ok_json(send(&app, "DELETE", &format!("/messages/{}", deleted.id), None).await).await;
    let body = json!({"text": "new"});
    for (message, code) in [
        (inbound.id, "message_not_outbound"),
        (image.id, "message_not_text"),
        (deleted.id, "message_deleted"),
    ] {
        let path = format!("/messages/{message}");
        let error = error_of(send(&app, "PATCH", &path, Some(body.clone())).await, 422).await;
        assert_eq!(error["code"], code, "{path}");
    }
}

#[tokio::test]
async fn deleting_defaults_to_me_hides_the_content_and_everyone_is_for_outbound_only() {
    let (app, conversation) = app_with_conversation().await;
    let inbound = seed_message(&app.storage, conversation, "customer's", 2).await;
    let outbound = seed_outbound_text(&app.storage, conversation, "ours", 1).await;

    let mine =
        ok_json(send(&app, "DELETE", &format!("/messages/{}", inbound.id), None).await).await;
    assert_eq!(mine["deleted_scope"], "me");
    assert_eq!(mine["body"], Value::Null);
    assert!(mine["deleted_at"].is_string());

    let path = format!("/messages/{}?scope=everyone", inbound.id);
    let error = error_of(send(&app, "DELETE", &path, None).await, 422).await;
    assert_eq!(error["code"], "message_not_outbound");

    let path = format!("/messages/{}?scope=everyone", outbound.id);
    let everyone = ok_json(send(&app, "DELETE", &path, None).await).await;
    assert_eq!(everyone["deleted_scope"], "everyone");
    let read = ok_json(app.get(&format!("/messages/{}", outbound.id)).await).await;
    assert_eq!(read["body"], Value::Null);

    let path = format!("/messages/{}?scope=all", outbound.id);
    let error = error_of(send(&app, "DELETE", &path, None).await, 400).await;
    assert_eq!(error["field"], "scope");
}

#[tokio::test]
async fn reactions_are_set_replaced_and_removed() {
    let (app, conversation) = app_with_conversation().await;
    let message = seed_message(&app.storage, conversation, "thanks!", 1).await;
    let path = format!("/messages/{}/reaction", message.id);

    ok_json(send(&app, "PUT", &path, Some(json!({"emoji": "👍"}))).await).await;
    let replaced = ok_json(send(&app, "PUT", &path, Some(json!({"emoji": "❤️"}))).await).await;
    assert_eq!(
        replaced["reactions"].as_array().unwrap().len(),
        1,
        "{replaced}"
    );
    assert_eq!(replaced["reactions"][0]["emoji"], "❤️");

    let removed = ok_json(send(&app, "DELETE", &path, None).await).await;
    assert_eq!(removed["reactions"], json!([]));
    ok_json(send(&app, "DELETE", &path, None).await).await;
}

#[tokio::test]
async fn a_bad_emoji_is_a_400_and_a_deleted_message_refuses_reactions() {
    let (app, conversation) = app_with_conversation().await;
    let message = seed_message(&app.storage, conversation, "hi", 1).await;
    let path = format!("/messages/{}/reaction", message.id);
    for body in [json!({}), json!({"emoji": "ok"}), json!({"emoji": ""})] {
        let error = error_of(send(&app, "PUT", &path, Some(body)).await, 400).await;
        assert_eq!(error["field"], "emoji");
    }

    ok_json(send(&app, "DELETE", &format!("/messages/{}", message.id), None).await).await;
    let error = error_of(
        send(&app, "PUT", &path, Some(json!({"emoji": "👍"}))).await,
        422,
    )
    .await;
    assert_eq!(error["code"], "message_deleted");
}

#[tokio::test]
async fn a_foreign_accounts_message_is_404_and_a_viewer_may_read_but_not_edit() {
    let (app, conversation) = app_with_conversation().await;
    let own = seed_outbound_text(&app.storage, conversation, "ours", 1).await;
    let other = seed_account(&app.storage, "106540352242923").await;
    let (_, foreign) = seed_conversation(&app.storage, other.id, "16505550002").await;
    let foreign = seed_outbound_text(&app.storage, foreign.id, "theirs", 1).await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(own.account_id)).await;
    let client = client_with_token(&viewer.token);

    let response = client
        .get(app.url(&format!("/messages/{}", foreign.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(response, 404).await["code"], "message_not_found");
    let response = client
        .patch(app.url(&format!("/messages/{}", foreign.id)))
        .json(&json!({"text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(response, 404).await["code"], "message_not_found");

    let response = client
        .get(app.url(&format!("/messages/{}", own.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let response = client
        .patch(app.url(&format!("/messages/{}", own.id)))
        .json(&json!({"text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(response, 403).await["code"], "forbidden");
}
