//! Request ids on every answer, and Prometheus metrics by route pattern with pool gauges.

use inbox_http::PoolUsage;

use crate::helpers::{spawn_app, spawn_with};

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;

    for path in ["/health", "/accounts", "/accounts/nope", "/no/such/route"] {
        let response = app.get(path).await;
        let id = response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned());
        assert!(
            id.is_some_and(|id| uuid::Uuid::parse_str(&id).is_ok()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_not_raw_path() {
    let app = spawn_app().await;
    let id = uuid::Uuid::now_v7();
    assert_eq!(
        app.get(&format!("/conversations/{id}"))
            .await
            .status()
            .as_u16(),
        404
    );

    let response = app.get("/metrics").await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    let counted = text.lines().any(|line| {
        line.starts_with("http_requests_total{")
            && line.contains(r#"route="/conversations/{id}""#)
            && line.contains(r#"method="GET""#)
            && line.contains(r#"status="404""#)
    });
    assert!(counted, "{text}");
    assert!(
        text.contains("http_request_duration_seconds_bucket{"),
        "{text}"
    );
    assert!(
        !text.contains(&id.to_string()),
        "a raw path reached the labels"
    );
}

#[tokio::test]
async fn metrics_show_pool_gauges_when_the_server_provides_them() {
    let pool = PoolUsage {
        size: 4,
        available: 3,
        max: 16,
    };
    let app = spawn_with(inbox_memory::storage(), Some(pool)).await;

    let text = app.get("/metrics").await.text().await.unwrap();

    for line in ["db_pool_size 4", "db_pool_available 3", "db_pool_max 16"] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in {text}"
        );
    }
    let without: String = spawn_app()
        .await
        .get("/metrics")
        .await
        .text()
        .await
        .unwrap();
    assert!(!without.contains("db_pool_size"));
}
