//! `GET /health`: up with backend and latency, down as 503 without internals; each dependency
//! reported separately, an optional one down as `degraded` with 200.

use std::sync::Arc;

use inbox_domain::RepoError;
use inbox_domain::ports::{IdentityError, MockIdentityProvider};
use serde_json::Value;

use crate::helpers::{Mocks, spawn_app, spawn_with, spawn_with_identity};

/// The entry of `body["dependencies"]` named `name`.
fn dependency<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no dependency {name} in {body}"))
}

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
    assert_eq!(body["backend"], "memory");
}

#[tokio::test]
async fn health_reports_each_dependency_with_its_backend_status_and_latency() {
    let app = spawn_app().await;

    let body: Value = app.get("/health").await.json().await.unwrap();

    let names: Vec<&str> = body["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["database", "identity_provider", "media_store"]);
    let database = dependency(&body, "database");
    assert_eq!(
        (
            &database["backend"],
            &database["status"],
            &database["required"]
        ),
        (
            &Value::from("memory"),
            &Value::from("up"),
            &Value::from(true)
        )
    );
    let identity = dependency(&body, "identity_provider");
    assert_eq!(
        (
            &identity["backend"],
            &identity["status"],
            &identity["required"]
        ),
        (
            &Value::from("local"),
            &Value::from("up"),
            &Value::from(false)
        )
    );
    let media = dependency(&body, "media_store");
    assert_eq!(
        (&media["backend"], &media["status"]),
        (&Value::from("filesystem"), &Value::from("up"))
    );
    for d in body["dependencies"].as_array().unwrap() {
        assert!(d["latency_ms"].as_f64().unwrap() >= 0.0, "{d}");
        assert!(d.get("error").is_none(), "{d}");
    }
}

#[tokio::test]
async fn a_down_optional_dependency_is_degraded_with_200_and_named() {
    let mut identity = MockIdentityProvider::new();
    identity.expect_backend().return_const("supabase-auth");
    identity.expect_ping().returning(|| {
        Err(IdentityError::Unavailable(
            "10.0.0.9 password=hunter2".into(),
        ))
    });
    let app = spawn_with_identity(Arc::new(identity)).await;

    let response = app.get("/health").await;

    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("10.0.0.9"),
        "{text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["storage"]["status"], "up");
    let identity = dependency(&body, "identity_provider");
    assert_eq!(identity["backend"], "supabase-auth");
    assert_eq!(identity["status"], "down");
    assert_eq!(identity["error"], "identity provider unavailable");
    assert_eq!(dependency(&body, "database")["status"], "up");
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
    let database = dependency(&body, "database");
    assert_eq!(database["status"], "down");
    assert_eq!(database["error"], "storage unavailable");
}
