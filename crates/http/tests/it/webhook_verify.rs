//! `GET /webhook/whatsapp`: Meta's subscription handshake.

use crate::helpers::{
    TestApp, account_body, error_of, seed_webhook_account, spawn_with_webhooks, webhook_options,
};

async fn app_with_tokens(tokens: &[&str]) -> TestApp {
    let storage = inbox_memory::storage();
    for (i, token) in tokens.iter().enumerate() {
        seed_webhook_account(&storage, &format!("10654035224292{i}"), "secret", token).await;
    }
    spawn_with_webhooks(storage, webhook_options()).await
}

fn handshake(query: &str) -> String {
    format!("/webhook/whatsapp?{query}")
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_for_any_accounts_verify_token() {
    let app = app_with_tokens(&["token-a", "token-b"]).await;

    let response = app
        .get(&handshake(
            "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=token-b",
        ))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "1158201444");
}

#[tokio::test]
async fn the_challenge_is_echoed_byte_for_byte() {
    let app = app_with_tokens(&["tok"]).await;

    let response = app
        .get(&handshake(
            "hub.verify_token=tok&hub.challenge=a+b%2Fc%20d%F0%9F%98%80%25&hub.mode=subscribe",
        ))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.bytes().await.unwrap(), "a b/c d😀%".as_bytes());
}

#[tokio::test]
async fn a_wrong_mode_or_token_or_no_challenge_is_refused_with_403() {
    let app = app_with_tokens(&["right-token"]).await;
    let cases = [
        (
            "wrong mode",
            "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=right-token",
        ),
        ("no mode", "hub.challenge=1&hub.verify_token=right-token"),
        (
            "wrong token",
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong-token",
        ),
        (
            "token prefix",
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=right",
        ),
        (
            "token longer",
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=right-token2",
        ),
        (
            "empty token",
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=",
        ),
        ("no token", "hub.mode=subscribe&hub.challenge=1"),
        (
            "no challenge",
            "hub.mode=subscribe&hub.verify_token=right-token",
        ),
        (
            "underscored names",
            "hub_mode=subscribe&hub_challenge=1&hub_verify_token=right-token",
        ),
        ("nothing", ""),
    ];
    for (case, query) in cases {
        let error = error_of(app.get(&handshake(query)).await, 403).await;
        assert_eq!(error["code"], "verification_refused", "{case}");
    }
}

#[tokio::test]
async fn without_any_account_every_handshake_is_refused() {
    let app = app_with_tokens(&[]).await;
    let response = app
        .get(&handshake(
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=",
        ))
        .await;
    assert_eq!(response.status().as_u16(), 403);
}

#[tokio::test]
async fn an_account_connected_through_the_api_verifies_at_once() {
    let app = app_with_tokens(&[]).await;
    let query =
        handshake("hub.mode=subscribe&hub.challenge=42&hub.verify_token=secret-verify-token");
    assert_eq!(app.get(&query).await.status().as_u16(), 403);

    let created = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await;
    assert_eq!(created.status().as_u16(), 201);

    let response = app.get(&query).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "42");
}
