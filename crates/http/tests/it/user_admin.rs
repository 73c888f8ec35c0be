//! User administration: the user list, roles, overrides, deleting users; no escalation, no
//! self-deletion, and the principal cache cleared after each change.

use std::sync::Arc;
use std::sync::Mutex;

use async_trait::async_trait;
use inbox_domain::IdentityId;
use inbox_domain::identity_admin::{IdentityPage, IdentityPageRequest, IdentityRecord, Invitation};
use inbox_domain::ports::{IdentityError, IdentityProvider};
use inbox_testkit::agents::{agent, user};
use serde_json::{Value, json};

use crate::helpers::{TestApp, client_with_token, error_of, seed_account, spawn_app};

async fn send(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = client_with_token(token).request(method, app.url(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_user_list_shows_roles_and_overrides_and_is_scoped_to_managed_accounts() {
    let app = spawn_app().await;
    let (a, b) = (
        seed_account(&app.storage, "106540352242922").await,
        seed_account(&app.storage, "106540352242923").await,
    );
    let manager = agent(&app.storage, &app.tokens, "admin", Some(a.id)).await;
    let on_a = agent(&app.storage, &app.tokens, "agent", Some(a.id)).await;
    let on_b = agent(&app.storage, &app.tokens, "agent", Some(b.id)).await;

    let all: Value = app
        .get("/admin/users?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = all["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&on_b.user.id.to_string().as_str()),
        "global admin sees all"
    );

    let scoped = send(
        &app,
        &manager.token,
        reqwest::Method::GET,
        "/admin/users",
        None,
    )
    .await;
    assert_eq!(scoped.status(), 200);
    let scoped: Value = scoped.json().await.unwrap();
    let users = scoped["users"].as_array().unwrap();
    let ids: Vec<String> = users
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.contains(&on_a.user.id.to_string()));
    assert!(
        !ids.contains(&on_b.user.id.to_string()),
        "not the other account's users"
    );
    let agent_a = users
        .iter()
        .find(|u| u["id"] == on_a.user.id.to_string())
        .unwrap();
    assert_eq!(agent_a["roles"][0]["role"], "agent");
    assert_eq!(agent_a["roles"][0]["account_id"], a.id.to_string());

    let foreign = format!("/admin/users?account_id={}", b.id);
    let hidden = send(&app, &manager.token, reqwest::Method::GET, &foreign, None).await;
    assert_eq!(error_of(hidden, 404).await["code"], "account_not_found");
    let agent_list = send(
        &app,
        &on_a.token,
        reqwest::Method::GET,
        "/admin/users",
        None,
    )
    .await;
    assert_eq!(error_of(agent_list, 403).await["code"], "forbidden");
    let bad = app.get("/admin/users?limit=0").await;
    assert_eq!(error_of(bad, 400).await["field"], "limit");
}

#[tokio::test]
async fn the_user_list_pages_after_the_last_id() {
    let app = spawn_app().await;
    for _ in 0..3 {
        user(&app.storage, &app.tokens).await;
    }
    let first: Value = app.get("/admin/users?limit=2").await.json().await.unwrap();
    let after = first["next_after"].as_str().unwrap();
    let second: Value = app
        .get(&format!("/admin/users?limit=2&after={after}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(second["users"][0]["id"].as_str().unwrap() > after);
}

#[tokio::test]
async fn a_role_change_is_seen_by_the_next_request_of_the_user() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", Some(account.id)).await;
    let list = format!("/admin/users?account_id={}", account.id);
    let before = send(&app, &viewer.token, reqwest::Method::GET, &list, None).await;
    assert_eq!(
        before.status(),
        403,
        "cached now: viewer lacks users.manage"
    );

    let assign = format!("/admin/users/{}/roles", viewer.user.id);
    let body = json!({"account_id": account.id, "role": "admin"});
    let response = app.post_json(&assign, &body).await;
    assert_eq!(response.status(), 200);
    let record: Value = response.json().await.unwrap();
    assert_eq!(record["roles"].as_array().unwrap().len(), 2);

    let after = send(&app, &viewer.token, reqwest::Method::GET, &list, None).await;
    assert_eq!(after.status(), 200, "the cached principal was dropped");

    let remove = format!(
        "/admin/users/{}/roles/admin?account_id={}",
        viewer.user.id, account.id
    );
    let response = send(
        &app,
        &app.admin.token,
        reqwest::Method::DELETE,
        &remove,
        None,
    )
    .await;
    assert_eq!(response.status(), 204);
    let again = send(&app, &viewer.token, reqwest::Method::GET, &list, None).await;
    assert_eq!(again.status(), 403, "and again after the removal");
}

#[tokio::test]
async fn nobody_grants_what_they_do_not_hold() {
    let app = spawn_app().await;
    let (a, b) = (
        seed_account(&app.storage, "106540352242922").await,
        seed_account(&app.storage, "106540352242923").await,
    );
    let manager = agent(&app.storage, &app.tokens, "admin", Some(a.id)).await;
    let target = user(&app.storage, &app.tokens).await;
    let roles = format!("/admin/users/{}/roles", target.user.id);
    let post = |body: Value| {
        send(
            &app,
            &manager.token,
            reqwest::Method::POST,
            &roles,
            Some(body),
        )
    };

    let on_a = post(json!({"account_id": a.id, "role": "admin"})).await;
    assert_eq!(on_a.status(), 200, "all of admin is held on a");
    let global = post(json!({"role": "viewer"})).await;
    assert_eq!(error_of(global, 403).await["code"], "forbidden");
    let elsewhere = post(json!({"account_id": b.id, "role": "viewer"})).await;
    assert_eq!(error_of(elsewhere, 404).await["code"], "account_not_found");
    let unknown = post(json!({"account_id": a.id, "role": "no_such_role"})).await;
    assert_eq!(error_of(unknown, 400).await["field"], "role");
    let bad = post(json!({"account_id": "x", "role": "agent"})).await;
    assert_eq!(error_of(bad, 400).await["field"], "account_id");

    // A manager whose users.manage is kept but stats.read denied cannot grant stats.read.
    let deny = json!({"account_id": a.id, "permission": "stats.read", "effect": "deny"});
    let overrides = format!("/admin/users/{}/overrides", manager.user.id);
    let response = send(
        &app,
        &app.admin.token,
        reqwest::Method::PUT,
        &overrides,
        Some(deny),
    )
    .await;
    assert_eq!(response.status(), 200);
    let grant = json!({"account_id": a.id, "permission": "stats.read", "effect": "grant"});
    let target_overrides = format!("/admin/users/{}/overrides", target.user.id);
    let refused = send(
        &app,
        &manager.token,
        reqwest::Method::PUT,
        &target_overrides,
        Some(grant),
    )
    .await;
    assert_eq!(error_of(refused, 403).await["code"], "forbidden");
    let viewer_role = post(json!({"account_id": a.id, "role": "viewer"})).await;
    assert_eq!(error_of(viewer_role, 403).await["code"], "forbidden");
}

#[tokio::test]
async fn overrides_are_set_replaced_and_removed_and_lifting_a_deny_needs_the_permission() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let target = agent(&app.storage, &app.tokens, "agent", Some(account.id)).await;
    let path = format!("/admin/users/{}/overrides", target.user.id);
    let put = |body: Value| {
        send(
            &app,
            &app.admin.token,
            reqwest::Method::PUT,
            &path,
            Some(body),
        )
    };
    let grant = json!({"account_id": account.id, "permission": "stats.read", "effect": "grant"});
    put(grant).await;
    let deny = json!({"account_id": account.id, "permission": "stats.read", "effect": "deny"});
    let record: Value = put(deny).await.json().await.unwrap();
    assert_eq!(record["overrides"].as_array().unwrap().len(), 1, "replaced");
    assert_eq!(record["overrides"][0]["effect"], "deny");
    let bad = put(json!({"permission": "stats.read", "effect": "maybe"})).await;
    assert_eq!(error_of(bad, 400).await["field"], "effect");
    let unknown = put(json!({"permission": "nope.nope", "effect": "deny"})).await;
    assert_eq!(error_of(unknown, 400).await["field"], "permission");

    // A supervisor-like manager: users.manage granted, stats.read missing.
    let manager = agent(&app.storage, &app.tokens, "agent", Some(account.id)).await;
    let manager_path = format!("/admin/users/{}/overrides", manager.user.id);
    let give = json!({"account_id": account.id, "permission": "users.manage", "effect": "grant"});
    send(
        &app,
        &app.admin.token,
        reqwest::Method::PUT,
        &manager_path,
        Some(give),
    )
    .await;
    let lift = format!(
        "/admin/users/{}/overrides/stats.read?account_id={}",
        target.user.id, account.id
    );
    let refused = send(&app, &manager.token, reqwest::Method::DELETE, &lift, None).await;
    assert_eq!(error_of(refused, 403).await["code"], "forbidden");
    let lifted = send(&app, &app.admin.token, reqwest::Method::DELETE, &lift, None).await;
    assert_eq!(lifted.status(), 204);
    let again = send(&app, &app.admin.token, reqwest::Method::DELETE, &lift, None).await;
    assert_eq!(again.status(), 204, "idempotent");
}

/// An identity provider that records deletions, or fails every call.
struct Provider {
    deleted: Mutex<Vec<IdentityId>>,
    fail: bool,
}

#[async_trait]
impl IdentityProvider for Provider {
    fn backend(&self) -> &'static str {
        "test"
    }
    async fn ping(&self) -> Result<(), IdentityError> {
        Ok(())
    }
    async fn invite(&self, _: &Invitation) -> Result<IdentityRecord, IdentityError> {
        Err(IdentityError::Unavailable("down".into()))
    }
    async fn get(&self, _: IdentityId) -> Result<IdentityRecord, IdentityError> {
        Err(IdentityError::NotFound)
    }
    async fn find_by_email(&self, _: &str) -> Result<Option<IdentityRecord>, IdentityError> {
        Ok(None)
    }
    async fn list(&self, _: IdentityPageRequest) -> Result<IdentityPage, IdentityError> {
        Err(IdentityError::Unavailable("down".into()))
    }
    async fn delete(&self, id: IdentityId) -> Result<(), IdentityError> {
        if self.fail {
            return Err(IdentityError::Unavailable("connection refused".into()));
        }
        self.deleted.lock().unwrap().push(id);
        Ok(())
    }
}

async fn app_with_provider(fail: bool) -> (TestApp, Arc<Provider>) {
    let provider = Arc::new(Provider {
        deleted: Mutex::new(Vec::new()),
        fail,
    });
    let app = crate::helpers::spawn_with_identity(provider.clone()).await;
    (app, provider)
}

#[tokio::test]
async fn deleting_a_user_removes_them_and_their_identity() {
    let (app, provider) = app_with_provider(false).await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let target = agent(&app.storage, &app.tokens, "agent", Some(account.id)).await;
    let path = format!("/admin/users/{}", target.user.id);
    let response = send(&app, &app.admin.token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["identity"], "deleted");
    assert_eq!(*provider.deleted.lock().unwrap(), vec![target.identity]);
    assert!(app.storage.access.user(target.user.id).await.is_err());
    let gone = send(&app, &target.token, reqwest::Method::GET, "/auth/me", None).await;
    assert_eq!(
        gone.status(),
        403,
        "the deleted user's cached principal is gone"
    );
    let again = send(&app, &app.admin.token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(error_of(again, 404).await["code"], "user_not_found");
}

#[tokio::test]
async fn a_provider_outage_after_the_delete_is_reported_not_a_500() {
    let (app, _provider) = app_with_provider(true).await;
    let target = user(&app.storage, &app.tokens).await;
    let path = format!("/admin/users/{}", target.user.id);
    let response = send(&app, &app.admin.token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["identity"], "failed");
    assert!(body["identity_error"].is_string());
    assert!(app.storage.access.user(target.user.id).await.is_err());
}

#[tokio::test]
async fn nobody_deletes_themselves_nor_users_beyond_their_accounts() {
    let app = spawn_app().await;
    let (a, b) = (
        seed_account(&app.storage, "106540352242922").await,
        seed_account(&app.storage, "106540352242923").await,
    );
    let own = format!("/admin/users/{}", app.admin.user.id);
    let response = send(&app, &app.admin.token, reqwest::Method::DELETE, &own, None).await;
    assert_eq!(error_of(response, 409).await["code"], "self_deletion");

    let manager = agent(&app.storage, &app.tokens, "admin", Some(a.id)).await;
    let on_both = agent(&app.storage, &app.tokens, "agent", Some(a.id)).await;
    app.storage
        .access
        .assign_role(on_both.user.id, Some(b.id), &"agent".parse().unwrap())
        .await
        .unwrap();
    let path = format!("/admin/users/{}", on_both.user.id);
    let refused = send(&app, &manager.token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(error_of(refused, 403).await["code"], "forbidden");
    let only_b = agent(&app.storage, &app.tokens, "agent", Some(b.id)).await;
    let path = format!("/admin/users/{}", only_b.user.id);
    let hidden = send(&app, &manager.token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(error_of(hidden, 404).await["code"], "user_not_found");
    let global = format!("/admin/users/{}", app.admin.user.id);
    let over_admin = send(&app, &manager.token, reqwest::Method::DELETE, &global, None).await;
    assert_eq!(error_of(over_admin, 404).await["code"], "user_not_found");
    let bad = send(
        &app,
        &manager.token,
        reqwest::Method::DELETE,
        "/admin/users/x",
        None,
    )
    .await;
    assert_eq!(error_of(bad, 400).await["field"], "id");
}
