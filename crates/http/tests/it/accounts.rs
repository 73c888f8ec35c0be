//! Accounts: create, list, get; every bad field named; duplicates; secrets never returned.

use serde_json::{Value, json};

use crate::helpers::{account_body, error_of, spawn_app};

const SECRETS: [&str; 3] = [
    "EAAG-secret-access-token",
    "secret-app-secret",
    "secret-verify-token",
];

fn assert_no_secrets(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
    for field in ["access_token", "app_secret", "verify_token"] {
        assert!(!text.contains(field), "a secret field leaked: {text}");
    }
}

#[tokio::test]
async fn create_returns_201_with_the_account_and_never_its_secrets() {
    let app = spawn_app().await;

    let response = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await;

    assert_eq!(response.status().as_u16(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let text = response.text().await.unwrap();
    assert_no_secrets(&text);
    let account: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        location,
        format!("/accounts/{}", account["id"].as_str().unwrap())
    );
    assert_eq!(account["name"], "Sales");
    assert_eq!(account["phone_number_id"], "106540352242922");
    assert_eq!(account["waba_id"], "102290129340398");
    assert_eq!(account["display_phone_number"], "+15550783881");
    let created_at = account["created_at"].as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(created_at, &time::format_description::well_known::Rfc3339)
            .is_ok()
    );
}

#[tokio::test]
async fn created_accounts_are_listed_and_fetched_without_secrets() {
    let app = spawn_app().await;
    let created: Value = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();

    let list = app.get("/accounts").await;
    assert_eq!(list.status().as_u16(), 200);
    let list_text = list.text().await.unwrap();
    assert_no_secrets(&list_text);
    let list: Value = serde_json::from_str(&list_text).unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], id);

    let one = app.get(&format!("/accounts/{id}")).await;
    assert_eq!(one.status().as_u16(), 200);
    let one_text = one.text().await.unwrap();
    assert_no_secrets(&one_text);
    assert_eq!(serde_json::from_str::<Value>(&one_text).unwrap(), created);
}

#[tokio::test]
async fn a_second_account_with_the_same_phone_number_id_is_a_409() {
    let app = spawn_app().await;
    let first = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await;
    assert_eq!(first.status().as_u16(), 201);

    let second = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await;

    let error = error_of(second, 409).await;
    assert_eq!(error["code"], "account_conflict");
}

#[tokio::test]
async fn every_invalid_field_of_a_new_account_is_named() {
    let app = spawn_app().await;
    let cases: &[(&str, Value)] = &[
        ("name", json!("   ")),
        ("name", Value::Null),
        ("phone_number_id", json!("12a")),
        ("phone_number_id", json!(106_540_352_242_922_u64)),
        ("waba_id", json!("")),
        ("display_phone_number", json!("call me")),
        ("access_token", json!("")),
        ("app_secret", json!("has a space")),
        ("verify_token", json!(true)),
    ];
    for (field, value) in cases {
        let mut body = account_body("106540352242922");
        body[*field] = value.clone();

        let error = error_of(app.post_json("/accounts", &body).await, 400).await;

        assert_eq!(error["field"], *field, "case {field} = {value}");
        assert_eq!(
            error["code"],
            format!("invalid_{field}"),
            "case {field} = {value}"
        );
        assert!(
            error["message"].as_str().unwrap().starts_with(field),
            "case {field} = {value}"
        );
    }
}

#[tokio::test]
async fn a_missing_field_is_named() {
    let app = spawn_app().await;
    let mut body = account_body("106540352242922");
    body.as_object_mut().unwrap().remove("waba_id");

    let error = error_of(app.post_json("/accounts", &body).await, 400).await;

    assert_eq!(error["field"], "waba_id");
    assert_eq!(error["message"], "waba_id: is required");
}

#[tokio::test]
async fn malformed_json_is_a_400_envelope() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/accounts"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();

    let error = error_of(response, 400).await;
    assert_eq!(error["code"], "malformed_body");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_envelope() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/accounts"))
        .header("content-type", "text/plain")
        .body(account_body("106540352242922").to_string())
        .send()
        .await
        .unwrap();

    let error = error_of(response, 415).await;
    assert_eq!(error["code"], "unsupported_media_type");
}

#[tokio::test]
async fn a_body_over_256_kib_is_a_413_envelope() {
    let app = spawn_app().await;
    let mut body = account_body("106540352242922");
    body["name"] = json!("x".repeat(inbox_http::JSON_BODY_LIMIT));

    let response = app.post_json("/accounts", &body).await;

    let error = error_of(response, 413).await;
    assert_eq!(error["code"], "payload_too_large");
}

#[tokio::test]
async fn an_unknown_account_is_a_404_and_a_bad_id_a_400_naming_it() {
    let app = spawn_app().await;

    let missing = app
        .get(&format!("/accounts/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(error_of(missing, 404).await["code"], "account_not_found");

    let bad = error_of(app.get("/accounts/not-a-uuid").await, 400).await;
    assert_eq!(bad["code"], "invalid_id");
    assert_eq!(bad["field"], "id");
}
