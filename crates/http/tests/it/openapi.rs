//! The OpenAPI document matches the served routes, documents the error envelope, and Swagger UI loads.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::spawn_app;

/// A concrete path for a pattern: every `{param}` becomes a fresh UUID.
fn sample_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                uuid::Uuid::now_v7().to_string()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_registered_route_is_documented_and_every_documented_route_is_served() {
    let app = spawn_app().await;
    let doc: Value = app
        .get(inbox_http::OPENAPI_PATH)
        .await
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let listed: BTreeSet<(String, String)> = inbox_http::ROUTES
        .iter()
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();

    assert_eq!(listed, documented, "ROUTES and the OpenAPI paths differ");
    for (method, pattern) in inbox_http::ROUTES {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app
            .client
            .request(method.clone(), app.url(&sample_path(pattern)))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        // An event stream answers 200 and never ends: its status is the proof it is served.
        let content_type = response.headers().get("content-type");
        if content_type.is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream")) {
            continue;
        }
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let code = body["error"]["code"].as_str().unwrap_or("");
        assert!(
            code != "route_not_found" && code != "method_not_allowed",
            "{method} {pattern} is listed but not served ({code})"
        );
    }
}

#[tokio::test]
async fn the_document_describes_the_error_envelope_and_every_error_response_uses_it() {
    let doc = inbox_http::openapi();
    let json: Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();

    let schemas = &json["components"]["schemas"];
    assert!(schemas["ErrorEnvelope"].is_object() && schemas["ErrorBody"].is_object());
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') || (status.starts_with('5') && path != "/health") {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/ErrorEnvelope",
                        "{method} {path} {status} does not document the error envelope"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = spawn_app().await;

    let response = app.get(inbox_http::DOCS_PATH).await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    let redirected = app.get("/docs").await;
    assert_eq!(redirected.url().path(), inbox_http::DOCS_PATH);
    assert_eq!(redirected.status().as_u16(), 200);
}
