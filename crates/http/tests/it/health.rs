//! `GET /health`: up with backend and latency, down as 503 without internals.

use inbox_domain::RepoError;
use serde_json::Value;

use crate::helpers::{Mocks, spawn_app, spawn_with};

#[tokio::test]
async fn health_reports_the_backend_up_with_its_latency() {
    let app = spawn_app().await;

    let response = app.get("/health").await;

    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["storage"]["backend"], "memory");
    assert_eq!(body["storage"]["status"], "up");
    assert!(body["storage"]["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(body["storage"].get("error").is_none());
}

#[tokio::test]
async fn health_answers_503_with_storage_down_and_no_internals_when_ping_fails() {
    let mut mocks = Mocks::new();
    mocks.health.expect_ping().returning(|| {
        Err(RepoError::Unavailable(
            "connect 10.0.0.7:5432 password=hunter2".into(),
        ))
    });
    let app = spawn_with(mocks.into_storage(), None).await;

    let response = app.get("/health").await;

    assert_eq!(response.status().as_u16(), 503);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("10.0.0.7"),
        "{text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["storage"]["backend"], "mock");
    assert_eq!(body["storage"]["status"], "down");
    assert_eq!(body["storage"]["error"], "storage unavailable");
}
