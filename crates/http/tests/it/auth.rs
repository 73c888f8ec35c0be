//! Authentication: `/auth/me`, first sign-in, the principal cache, and its limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::access::{NewAppUser, RoleKey};
use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_domain::{IdentityId, VerifiedToken};
use inbox_testkit::agents::{TestTokens, agent, user};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{client_with_token, error_of, seed_account, spawn_app, spawn_with_auth};

#[tokio::test]
async fn me_lists_the_user_its_roles_per_account_and_effective_permissions() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let viewer = agent(&app.storage, &app.tokens, "viewer", None).await;
    let role: RoleKey = "agent".parse().unwrap();
    app.storage
        .access
        .assign_role(viewer.user.id, Some(account.id), &role)
        .await
        .unwrap();
    let me: Value = client_with_token(&viewer.token)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["id"], viewer.user.id.to_string());
    assert_eq!(me["user"]["email"], viewer.user.email);
    assert_eq!(me["global"]["roles"][0]["key"], "viewer");
    assert_eq!(
        me["global"]["permissions"],
        serde_json::json!(["conversations.read", "stats.read"])
    );
    let on_account = &me["accounts"][0];
    assert_eq!(on_account["account_id"], account.id.to_string());
    assert_eq!(on_account["roles"][0]["key"], "agent");
    let permissions: Vec<&str> = on_account["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(permissions.contains(&"messages.send") && permissions.contains(&"stats.read"));
}

#[tokio::test]
async fn an_identity_without_a_user_is_refused_with_no_access() {
    let app = spawn_app().await;
    let stranger = IdentityId::from_uuid(Uuid::new_v4());
    let token = app.tokens.mint(stranger, "stranger@example.com");
    let response = client_with_token(&token)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap();
    let error = error_of(response, 403).await;
    assert_eq!(error["code"], "no_access");
}

#[tokio::test]
async fn first_sign_in_links_the_user_created_with_the_same_email() {
    let app = spawn_app().await;
    let email = format!("new-{}@example.com", Uuid::new_v4().simple());
    let created = app
        .storage
        .access
        .create_user(NewAppUser::new(&email, None, None).unwrap())
        .await
        .unwrap();
    let identity = IdentityId::from_uuid(Uuid::new_v4());
    let token = app.tokens.mint(identity, &email.to_uppercase());
    let me: Value = client_with_token(&token)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["id"], created.id.to_string());
    assert_eq!(me["user"]["identity_id"], identity.to_string());
}

#[tokio::test]
async fn a_user_with_no_role_sees_no_account() {
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let nobody = user(&app.storage, &app.tokens).await;
    let client = client_with_token(&nobody.token);
    let list: Value = client
        .get(app.url("/accounts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], serde_json::json!([]));
    let one = client
        .get(app.url(&format!("/accounts/{}", account.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(one, 404).await["code"], "account_not_found");
}

/// Counts the tokens verified: each cache miss verifies, then verified the user.
struct CountingVerifier {
    inner: Arc<dyn TokenVerifier>,
    verified: AtomicUsize,
}

#[async_trait]
impl TokenVerifier for CountingVerifier {
    async fn verify(&self, bearer: &str) -> Result<VerifiedToken, TokenRejected> {
        self.verified.fetch_add(1, Ordering::SeqCst);
        self.inner.verify(bearer).await
    }
}

async fn counting_app() -> (crate::helpers::TestApp, Arc<CountingVerifier>) {
    let tokens = TestTokens::new();
    let counting = Arc::new(CountingVerifier {
        inner: tokens.verifier(),
        verified: AtomicUsize::new(0),
    });
    let app = spawn_with_auth(tokens, counting.clone()).await;
    (app, counting)
}

#[tokio::test]
async fn a_warm_token_is_answered_from_the_cache_and_each_token_is_loaded_once() {
    let (app, counting) = counting_app().await;
    for _ in 0..5 {
        assert_eq!(app.get("/auth/me").await.status(), 200);
    }
    assert_eq!(
        counting.verified.load(Ordering::SeqCst),
        1,
        "one verification for five requests"
    );
    // Another token of the same identity is verified and loaded on its own.
    let admin = &app.admin;
    let other = app
        .tokens
        .mint_for(admin.identity, &admin.user.email, Duration::from_secs(600));
    let response = client_with_token(&other)
        .get(app.url("/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(counting.verified.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_principal_is_never_cached_past_its_token_expiry() {
    let (app, counting) = counting_app().await;
    let admin = &app.admin;
    let short = app
        .tokens
        .mint_for(admin.identity, &admin.user.email, Duration::from_secs(4));
    let client = client_with_token(&short);
    assert_eq!(
        client
            .get(app.url("/auth/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(app.url("/auth/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        counting.verified.load(Ordering::SeqCst),
        1,
        "warm within the token's life"
    );
    // `exp` is whole seconds from the minting second: 4.5 s later it has passed for sure.
    tokio::time::sleep(Duration::from_millis(4500)).await;
    // Still accepted within the verifier's leeway, but verified and loaded again.
    assert_eq!(
        client
            .get(app.url("/auth/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        counting.verified.load(Ordering::SeqCst),
        2,
        "the entry died with the token"
    );
}
