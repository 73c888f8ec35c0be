//! Agents for tests: users with roles in a storage, and bearer tokens that a verifier accepts.

use std::sync::Arc;
use std::time::Duration;

use inbox_auth::{JwtSettings, JwtVerifier};
use inbox_domain::access::{AppUser, NewAppUser};
use inbox_domain::ports::{Storage, TokenVerifier};
use inbox_domain::{AccountId, IdentityId};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

use crate::fake_auth::mint_hs256;

/// An HS256 issuer for tests: mints tokens and gives the verifier that accepts them.
#[derive(Clone)]
pub struct TestTokens {
    secret: String,
}

impl Default for TestTokens {
    fn default() -> Self {
        Self::new()
    }
}

impl TestTokens {
    /// A fresh issuer with a random secret.
    pub fn new() -> Self {
        Self {
            secret: format!("test-jwt-secret-{}", Uuid::new_v4().simple()),
        }
    }

    /// A verifier of this issuer's tokens (audience `authenticated`, no issuer check).
    ///
    /// # Panics
    /// Never with these settings.
    pub fn verifier(&self) -> Arc<dyn TokenVerifier> {
        let settings = JwtSettings {
            hs256_secret: Some(SecretString::from(self.secret.clone())),
            ..JwtSettings::default()
        };
        match JwtVerifier::new(settings) {
            Ok(verifier) => Arc::new(verifier),
            Err(e) => panic!("test verifier: {e}"),
        }
    }

    /// A token for `identity` valid from a minute ago for `lifetime`.
    pub fn mint_for(&self, identity: IdentityId, email: &str, lifetime: Duration) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let lifetime = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 4);
        mint_hs256(
            self.secret.as_bytes(),
            &json!({
                "sub": identity.to_string(), "email": email, "aud": "authenticated",
                "role": "authenticated", "iat": now - 60, "exp": now + lifetime,
            }),
        )
    }

    /// A token for `identity`, valid for an hour.
    pub fn mint(&self, identity: IdentityId, email: &str) -> String {
        self.mint_for(identity, email, Duration::from_secs(3600))
    }

    /// A token for `identity` that expired ten minutes ago (well past any leeway).
    pub fn mint_expired(&self, identity: IdentityId, email: &str) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        mint_hs256(
            self.secret.as_bytes(),
            &json!({
                "sub": identity.to_string(), "email": email, "aud": "authenticated",
                "iat": now - 7200, "exp": now - 600,
            }),
        )
    }

    /// A token with a valid shape signed with another secret.
    pub fn mint_forged(&self, identity: IdentityId, email: &str) -> String {
        Self::new().mint(identity, email)
    }
}

/// A user created in a storage, with its token.
#[derive(Debug, Clone)]
pub struct TestAgent {
    /// The user.
    pub user: AppUser,
    /// The identity its tokens speak for.
    pub identity: IdentityId,
    /// A bearer token valid for an hour.
    pub token: String,
}

/// Creates a user holding `role` on `account` (`None`: every account) and mints its token.
///
/// # Panics
/// When storage refuses (an unknown role or account): a broken test setup.
pub async fn agent(
    storage: &Storage,
    tokens: &TestTokens,
    role: &str,
    account: Option<AccountId>,
) -> TestAgent {
    let agent = user(storage, tokens).await;
    let role = role
        .parse()
        .unwrap_or_else(|e| panic!("test role {role}: {e}"));
    if let Err(e) = storage
        .access
        .assign_role(agent.user.id, account, &role)
        .await
    {
        panic!("assigning {role}: {e:?}");
    }
    agent
}

/// Creates a user with no role at all and mints its token.
///
/// # Panics
/// When storage refuses.
pub async fn user(storage: &Storage, tokens: &TestTokens) -> TestAgent {
    let identity = IdentityId::from_uuid(Uuid::new_v4());
    let email = format!("agent-{}@example.com", Uuid::new_v4().simple());
    let new = NewAppUser::new(&email, Some("Test Agent"), Some(identity))
        .unwrap_or_else(|e| panic!("test user: {e}"));
    let user = match storage.access.create_user(new).await {
        Ok(user) => user,
        Err(e) => panic!("creating a test user: {e:?}"),
    };
    TestAgent {
        token: tokens.mint(identity, &email),
        user,
        identity,
    }
}

/// A global admin (every permission on every account) and its token.
pub async fn admin(storage: &Storage, tokens: &TestTokens) -> TestAgent {
    agent(storage, tokens, "admin", None).await
}
