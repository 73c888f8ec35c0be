//! The role catalogue over HTTP: list, create, delete, and a custom role in use.

use serde_json::{Value, json};

use crate::helpers::{client_with_token, error_of, seed_account, spawn_app};
use inbox_testkit::agents::agent;

#[tokio::test]
async fn a_custom_role_is_created_listed_assigned_and_refused_deletion_while_held() {
    let app = spawn_app().await;
    let created = app
        .post_json(
            "/admin/roles",
            &json!({"key": "night_shift", "name": "Night shift",
                    "permissions": ["conversations.read", "messages.send"]}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let role: Value = created.json().await.unwrap();
    assert_eq!(role["builtin"], false);
    assert_eq!(
        role["permissions"],
        json!(["conversations.read", "messages.send"])
    );

    let list: Value = app.get("/admin/roles").await.json().await.unwrap();
    let keys: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["admin", "agent", "supervisor", "viewer", "night_shift"]
    );

    let account = seed_account(&app.storage, "106540352242922").await;
    let holder = agent(&app.storage, &app.tokens, "night_shift", Some(account.id)).await;
    let me: Value = client_with_token(&holder.token)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["accounts"][0]["permissions"],
        json!(["conversations.read", "messages.send"])
    );

    let refused = app
        .client
        .delete(app.url("/admin/roles/night_shift"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(refused, 409).await["code"], "role_conflict");
}

#[tokio::test]
async fn an_unused_custom_role_is_deleted_and_builtin_ones_stay() {
    let app = spawn_app().await;
    let body = json!({"key": "temp", "name": "Temp", "permissions": ["stats.read"]});
    assert_eq!(app.post_json("/admin/roles", &body).await.status(), 201);
    let again = app.post_json("/admin/roles", &body).await;
    assert_eq!(error_of(again, 409).await["code"], "role_conflict");
    let deleted = app
        .client
        .delete(app.url("/admin/roles/temp"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let gone = app
        .client
        .delete(app.url("/admin/roles/temp"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(gone, 404).await["code"], "role_not_found");
    let builtin = app
        .client
        .delete(app.url("/admin/roles/agent"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(builtin, 422).await["code"], "role_invalid");
}

#[tokio::test]
async fn a_bad_role_names_the_field() {
    let app = spawn_app().await;
    for (body, field) in [
        (
            json!({"key": "Bad-Key", "name": "X", "permissions": ["stats.read"]}),
            "role",
        ),
        (
            json!({"key": "ok", "name": "", "permissions": ["stats.read"]}),
            "name",
        ),
        (
            json!({"key": "ok", "name": "X", "permissions": []}),
            "permissions",
        ),
        (
            json!({"key": "ok", "name": "X", "permissions": ["stats.write"]}),
            "permission",
        ),
    ] {
        let error = error_of(app.post_json("/admin/roles", &body).await, 400).await;
        assert_eq!(error["field"], field, "{body}");
    }
}
