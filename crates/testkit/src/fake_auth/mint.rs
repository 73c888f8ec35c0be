//! Token minting for tests: real signatures with the fake's keys, any header and any claims.

use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::keys::{KeyKind, b64, b64_json, hmac_sha256};
use super::{FakeAuthError, FakeSupabaseAuth};

/// An HS256 token over `claims`, signed with `secret` (its bytes as given).
pub fn mint_hs256(secret: &[u8], claims: &Value) -> String {
    mint_hs256_with_header(secret, &json!({"alg": "HS256", "typ": "JWT"}), claims)
}

/// A token with exactly `header` and `claims`, HMAC-SHA256-signed with `secret` whatever the
/// header says (to forge algorithm-confusion tokens).
pub fn mint_hs256_with_header(secret: &[u8], header: &Value, claims: &Value) -> String {
    let signing_input = format!("{}.{}", b64_json(header), b64_json(claims));
    let signature = hmac_sha256(secret, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&signature))
}

/// `header.payload.signature` with the two parts taken verbatim (not encoded, not checked) and an
/// HMAC-SHA256 signature with `secret`: a correctly signed token whose parts may be garbage.
pub fn sign_hs256_parts(secret: &[u8], header: &str, payload: &str) -> String {
    let signing_input = format!("{header}.{payload}");
    let signature = hmac_sha256(secret, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&signature))
}

/// An unsecured token (`alg: none`, empty signature), as RFC 7519 defines it.
pub fn mint_unsigned(claims: &Value) -> String {
    format!(
        "{}.{}.",
        b64_json(&json!({"alg": "none", "typ": "JWT"})),
        b64_json(claims)
    )
}

impl FakeSupabaseAuth {
    /// Valid access-token claims for `sub`, as Supabase issues them: `iss` this fake, `aud` and
    /// `role` `authenticated`, issued now, expiring in an hour, an email and a session id.
    pub fn claims_for(&self, sub: Uuid) -> Value {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        json!({
            "iss": self.issuer(),
            "sub": sub,
            "aud": "authenticated",
            "exp": now + 3600,
            "iat": now,
            "email": format!("user-{}@example.test", sub.simple()),
            "phone": "",
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {},
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": now}],
            "session_id": Uuid::new_v4(),
            "is_anonymous": false,
        })
    }

    /// An ES256 token over `claims` with the current ES256 key (header `kid` set).
    ///
    /// # Errors
    /// `Crypto` if signing fails.
    pub fn mint_es256(&self, claims: &Value) -> Result<String, FakeAuthError> {
        self.mint_with_key(&self.current_kid(KeyKind::Es256), claims)
    }

    /// An RS256 token over `claims` with the current RS256 key (header `kid` set).
    ///
    /// # Errors
    /// `Crypto` if signing fails.
    pub fn mint_rs256(&self, claims: &Value) -> Result<String, FakeAuthError> {
        self.mint_with_key(&self.current_kid(KeyKind::Rs256), claims)
    }

    /// A token signed with the key `kid` (published or not), header `{"alg", "kid", "typ"}`.
    ///
    /// # Errors
    /// `UnknownKey` when the fake never had `kid`; `Crypto` if signing fails.
    pub fn mint_with_key(&self, kid: &str, claims: &Value) -> Result<String, FakeAuthError> {
        let alg = self.key_kind(kid)?.alg();
        self.sign_with_header(kid, &json!({"alg": alg, "kid": kid, "typ": "JWT"}), claims)
    }

    /// A token with exactly `header` and `claims`, signed with the key `kid` whatever the header
    /// says (e.g. a forged `kid`, or `alg` lying about the key).
    ///
    /// # Errors
    /// `UnknownKey` when the fake never had `kid`; `Crypto` if signing fails.
    pub fn sign_with_header(
        &self,
        kid: &str,
        header: &Value,
        claims: &Value,
    ) -> Result<String, FakeAuthError> {
        let signing_input = format!("{}.{}", b64_json(header), b64_json(claims));
        let state = self.shared.lock();
        let key = state
            .key(kid)
            .ok_or_else(|| FakeAuthError::UnknownKey(kid.to_owned()))?;
        let signature = key.sign(signing_input.as_bytes())?;
        Ok(format!("{signing_input}.{}", b64(&signature)))
    }

    /// An HS256 token over `claims` with this project's legacy JWT secret.
    pub fn mint_legacy_hs256(&self, claims: &Value) -> String {
        mint_hs256(self.jwt_secret().as_bytes(), claims)
    }

    fn key_kind(&self, kid: &str) -> Result<KeyKind, FakeAuthError> {
        self.shared
            .lock()
            .key(kid)
            .map(|key| key.kind)
            .ok_or_else(|| FakeAuthError::UnknownKey(kid.to_owned()))
    }
}
