//! `GET /admin/webhook-deliveries` and `POST /admin/webhook-deliveries/{id}/retry`.

use std::time::Duration;

use inbox_domain::ports::{DeliveryId, FailAction, Storage};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_of, spawn_with};

/// Stores `n` deliveries and parks each with reason "reason <i>"; returns their ids in order.
async fn parked(storage: &Storage, n: usize) -> Vec<DeliveryId> {
    let mut ids = Vec::new();
    for i in 0..n {
        let id = storage
            .webhooks
            .enqueue(format!("{{\"secret-body\": {i}}}").into_bytes())
            .await
            .unwrap();
        let claims = storage
            .webhooks
            .claim(1, Duration::from_secs(30))
            .await
            .unwrap();
        assert_eq!(claims[0].id, id);
        let reason = format!("reason {i}");
        let parked = storage
            .webhooks
            .fail(id, claims[0].attempt, "failed", FailAction::Park(reason))
            .await
            .unwrap();
        assert!(parked);
        ids.push(id);
    }
    ids
}

async fn app() -> (TestApp, Storage) {
    let storage = inbox_memory::storage();
    (spawn_with(storage.clone(), None).await, storage)
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    response.json().await.unwrap()
}

#[tokio::test]
async fn parked_deliveries_are_listed_newest_first_without_their_bodies() {
    let (app, storage) = app().await;
    let ids = parked(&storage, 3).await;
    storage.webhooks.enqueue(b"{}".to_vec()).await.unwrap();

    let page = json_of(app.get("/admin/webhook-deliveries").await, 200).await;

    let listed: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, vec![ids[2].get(), ids[1].get(), ids[0].get()]);
    let first = &page["items"][0];
    assert_eq!(first["state"], "parked");
    assert_eq!(first["parked_reason"], "reason 2");
    assert_eq!(first["attempt"], 1);
    assert!(first["size_bytes"].as_i64().unwrap() > 0);
    assert!(!page.to_string().contains("secret-body"), "{page}");
    assert_eq!(page["next_before"], Value::Null);

    let queued = json_of(app.get("/admin/webhook-deliveries?state=queued").await, 200).await;
    assert_eq!(queued["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn pages_follow_next_before() {
    let (app, storage) = app().await;
    let ids = parked(&storage, 3).await;

    let first = json_of(app.get("/admin/webhook-deliveries?limit=2").await, 200).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_before"], json!(ids[1].get()));

    let path = format!("/admin/webhook-deliveries?limit=2&before={}", ids[1]);
    let second = json_of(app.get(&path).await, 200).await;
    assert_eq!(second["items"][0]["id"], json!(ids[0].get()));
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_before"], Value::Null);
}

#[tokio::test]
async fn bad_list_parameters_name_their_field() {
    let (app, _storage) = app().await;
    for (query, code) in [
        ("state=lost", "invalid_state"),
        ("before=0", "invalid_before"),
        ("before=abc", "invalid_before"),
        ("limit=0", "invalid_limit"),
        ("limit=101", "invalid_limit"),
    ] {
        let response = app.get(&format!("/admin/webhook-deliveries?{query}")).await;
        assert_eq!(error_of(response, 400).await["code"], code, "{query}");
    }
}

#[tokio::test]
async fn a_parked_delivery_is_requeued_once() {
    let (app, storage) = app().await;
    let ids = parked(&storage, 1).await;
    let path = format!("/admin/webhook-deliveries/{}/retry", ids[0]);

    let requeued = json_of(app.post_json(&path, &json!({})).await, 200).await;
    assert_eq!(requeued["id"], json!(ids[0].get()));
    assert_eq!(requeued["state"], "queued");
    let claims = storage
        .webhooks
        .claim(10, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(claims.len(), 1, "the requeued delivery is claimable again");

    let error = error_of(app.post_json(&path, &json!({})).await, 409).await;
    assert_eq!(error["code"], "delivery_conflict");
}

#[tokio::test]
async fn retrying_an_unknown_or_malformed_id_is_404_or_400() {
    let (app, _storage) = app().await;
    let missing = app
        .post_json("/admin/webhook-deliveries/999999/retry", &json!({}))
        .await;
    assert_eq!(error_of(missing, 404).await["code"], "delivery_not_found");
    let malformed = app
        .post_json("/admin/webhook-deliveries/abc/retry", &json!({}))
        .await;
    assert_eq!(error_of(malformed, 400).await["code"], "invalid_id");
}
