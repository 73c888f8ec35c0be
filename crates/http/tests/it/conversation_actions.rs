//! Conversation actions over HTTP: read/unread, favorite, bot mode, status; validation and access.

use inbox_domain::ConversationId;
use inbox_testkit::agents::agent;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, client_with_token, error_of, seed_account, seed_conversation, seed_message, spawn_app,
};

/// An app with one account and a conversation holding two unread customer messages.
async fn app_with_conversation() -> (TestApp, ConversationId) {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let (_, conversation) = seed_conversation(&app.storage, account.id, "16505550001").await;
    seed_message(&app.storage, conversation.id, "hello", 2).await;
    seed_message(&app.storage, conversation.id, "anyone?", 1).await;
    (app, conversation.id)
}

/// Sends `method` to `path` with the admin's client and an optional JSON body.
async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let url = app.url(path);
    let request = match method {
        "POST" => client.post(url),
        "PUT" => client.put(url),
        other => panic!("unsupported method {other}"),
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

/// Every action as (method, path suffix, a valid body).
fn actions() -> [(&'static str, &'static str, Option<Value>); 5] {
    [
        ("POST", "read", None),
        ("POST", "unread", None),
        ("PUT", "favorite", Some(json!({"favorite": true}))),
        ("PUT", "bot-mode", Some(json!({"enabled": true}))),
        ("PUT", "status", Some(json!({"status": "closed"}))),
    ]
}

#[tokio::test]
async fn read_zeroes_the_unread_count_and_unread_raises_it_to_one() {
    let (app, id) = app_with_conversation().await;
    let path = |action: &str| format!("/conversations/{id}/{action}");

    let read = ok_json(send(&app.client, &app, "POST", &path("read"), None).await).await;
    assert_eq!(read["id"], id.to_string());
    assert_eq!(read["unread_count"], 0);
    let again = ok_json(send(&app.client, &app, "POST", &path("read"), None).await).await;
    assert_eq!(
        again["unread_count"], 0,
        "reading twice changes nothing more"
    );

    let unread = ok_json(send(&app.client, &app, "POST", &path("unread"), None).await).await;
    assert_eq!(unread["unread_count"], 1);
    let summary = ok_json(app.get(&format!("/conversations/{id}")).await).await;
    assert_eq!(summary["unread_count"], 1);
}

#[tokio::test]
async fn unread_keeps_a_higher_count() {
    let (app, id) = app_with_conversation().await;

    let path = format!("/conversations/{id}/unread");
    let unread = ok_json(send(&app.client, &app, "POST", &path, None).await).await;

    assert_eq!(unread["unread_count"], 2);
}

#[tokio::test]
async fn favorite_and_bot_mode_are_switched_on_and_off() {
    let (app, id) = app_with_conversation().await;
    let favorite = format!("/conversations/{id}/favorite");
    let bot_mode = format!("/conversations/{id}/bot-mode");

    let on = ok_json(
        send(
            &app.client,
            &app,
            "PUT",
            &favorite,
            Some(json!({"favorite": true})),
        )
        .await,
    )
    .await;
    assert_eq!(on["favorite"], true);
    let bot = ok_json(
        send(
            &app.client,
            &app,
            "PUT",
            &bot_mode,
            Some(json!({"enabled": true})),
        )
        .await,
    )
    .await;
    assert_eq!(bot["bot_mode"], true);
    assert_eq!(bot["favorite"], true, "one flag leaves the other alone");
    let summary = ok_json(app.get(&format!("/conversations/{id}")).await).await;
    assert_eq!(
        (summary["favorite"].clone(), summary["bot_mode"].clone()),
        (json!(true), json!(true))
    );

    let off = ok_json(
        send(
            &app.client,
            &app,
            "PUT",
            &favorite,
            Some(json!({"favorite": false})),
        )
        .await,
    )
    .await;
    assert_eq!(off["favorite"], false);
    let agents = ok_json(
        send(
            &app.client,
            &app,
            "PUT",
            &bot_mode,
            Some(json!({"enabled": false})),
        )
        .await,
    )
    .await;
    assert_eq!(agents["bot_mode"], false);
}

#[tokio::test]
async fn status_closes_archives_and_reopens_keeping_the_unread_count() {
    let (app, id) = app_with_conversation().await;
    let path = format!("/conversations/{id}/status");

    for status in ["closed", "archived", "open", "archived", "closed"] {
        let body = ok_json(
            send(
                &app.client,
                &app,
                "PUT",
                &path,
                Some(json!({"status": status})),
            )
            .await,
        )
        .await;
        assert_eq!(body["status"], status);
        assert_eq!(body["unread_count"], 2, "{status}");
    }
    let summary = ok_json(app.get(&format!("/conversations/{id}")).await).await;
    assert_eq!(summary["status"], "closed");
}

#[tokio::test]
async fn bad_bodies_are_400s_naming_the_field() {
    let (app, id) = app_with_conversation().await;
    let cases = [
        ("favorite", json!({}), "favorite"),
        ("favorite", json!({"favorite": "yes"}), "favorite"),
        ("bot-mode", json!({"enabled": null}), "enabled"),
        ("bot-mode", json!({"enabled": 1}), "enabled"),
        ("status", json!({}), "status"),
        ("status", json!({"status": "deleted"}), "status"),
        ("status", json!({"status": true}), "status"),
    ];
    for (action, body, field) in cases {
        let path = format!("/conversations/{id}/{action}");

        let error = error_of(
            send(&app.client, &app, "PUT", &path, Some(body.clone())).await,
            400,
        )
        .await;

        assert_eq!(error["field"], field, "{action} {body}");
        assert_eq!(error["code"], format!("invalid_{field}"), "{action} {body}");
    }
    let not_json = app
        .client
        .put(app.url(&format!("/conversations/{id}/status")))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(not_json, 400).await["code"], "malformed_body");
}

#[tokio::test]
async fn unknown_or_malformed_conversation_ids_answer_404_and_400_on_every_action() {
    let app = spawn_app().await;
    let unknown = uuid::Uuid::now_v7();
    for (method, action, body) in actions() {
        let path = format!("/conversations/{unknown}/{action}");
        let missing = send(&app.client, &app, method, &path, body.clone()).await;
        assert_eq!(
            error_of(missing, 404).await["code"],
            "conversation_not_found",
            "{action}"
        );

        let path = format!("/conversations/123/{action}");
        let bad = error_of(send(&app.client, &app, method, &path, body).await, 400).await;
        assert_eq!(bad["field"], "id", "{action}");
    }
}

#[tokio::test]
async fn a_foreign_accounts_conversation_is_404_and_a_viewer_may_not_act() {
    let (app, own) = app_with_conversation().await;
    let own_account = app
        .storage
        .conversations
        .get(own)
        .await
        .unwrap()
        .conversation
        .account_id;
    let other = seed_account(&app.storage, "106540352242923").await;
    let (_, foreign) = seed_conversation(&app.storage, other.id, "16505550002").await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(own_account)).await;
    let member = agent(&app.storage, &app.tokens, "agent", Some(own_account)).await;
    let viewer = client_with_token(&viewer.token);
    let member = client_with_token(&member.token);

    for (method, action, body) in actions() {
        let path = format!("/conversations/{}/{action}", foreign.id);
        let response = send(&member, &app, method, &path, body.clone()).await;
        assert_eq!(
            error_of(response, 404).await["code"],
            "conversation_not_found",
            "{action}"
        );

        let path = format!("/conversations/{own}/{action}");
        let response = send(&viewer, &app, method, &path, body.clone()).await;
        assert_eq!(
            error_of(response, 403).await["code"],
            "forbidden",
            "{action}"
        );

        let response = send(&member, &app, method, &path, body).await;
        assert_eq!(response.status().as_u16(), 200, "an agent may {action}");
    }
    let untouched = app.storage.conversations.get(foreign.id).await.unwrap();
    assert_eq!(
        untouched.conversation.status,
        inbox_domain::ConversationStatus::Open
    );
    assert!(!untouched.conversation.favorite);
}
