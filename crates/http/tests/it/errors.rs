//! The error envelope for storage failures, unknown routes and wrong methods.

use inbox_domain::RepoError;
use serde_json::Value;

use crate::helpers::{Mocks, error_of, spawn_app, spawn_with};

#[tokio::test]
async fn unavailable_storage_is_a_503_with_the_request_id() {
    let mut mocks = Mocks::new();
    mocks
        .accounts
        .expect_list()
        .returning(|| Err(RepoError::Unavailable("pool timed out after 5s".into())));
    let app = spawn_with(mocks.into_storage(), None).await;

    let response = app.get("/accounts").await;

    let header = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();
    assert!(!text.contains("pool timed out"), "{text}");
    let error = &serde_json::from_str::<Value>(&text).unwrap()["error"];
    assert_eq!(error["code"], "storage_unavailable");
    assert_eq!(error["request_id"], header.as_str());
}

#[tokio::test]
async fn an_internal_error_is_an_opaque_500_with_the_request_id() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_get().returning(|_| {
        Err(RepoError::Internal(
            "column \"secret_stuff\" does not exist".into(),
        ))
    });
    let app = spawn_with(mocks.into_storage(), None).await;

    let response = app
        .get(&format!("/accounts/{}", uuid::Uuid::now_v7()))
        .await;

    assert_eq!(response.status().as_u16(), 500);
    let header = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("secret_stuff") && !text.contains("column"),
        "{text}"
    );
    let error = &serde_json::from_str::<Value>(&text).unwrap()["error"];
    assert_eq!(error["code"], "internal");
    assert_eq!(error["request_id"], header.as_str());
}

#[tokio::test]
async fn client_errors_do_not_carry_a_request_id_in_the_body() {
    let app = spawn_app().await;

    let error = error_of(app.get("/accounts/nope").await, 400).await;

    assert!(error.get("request_id").is_none(), "{error}");
}

#[tokio::test]
async fn an_unknown_route_is_a_404_envelope() {
    let app = spawn_app().await;

    let response = app.get("/no/such/route").await;

    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(error_of(response, 404).await["code"], "route_not_found");
}

#[tokio::test]
async fn a_wrong_method_is_a_405_envelope_listing_the_allowed_ones() {
    let app = spawn_app().await;

    let response = app
        .client
        .delete(app.url("/accounts"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["allow"], "GET, POST");
    assert_eq!(error_of(response, 405).await["code"], "method_not_allowed");
    let put = app
        .client
        .put(app.url(&format!("/conversations/{}", uuid::Uuid::now_v7())))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(put, 405).await["code"], "method_not_allowed");
}
