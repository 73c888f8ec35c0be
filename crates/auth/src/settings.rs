//! Configuration of token verification: which keys, which audience and issuer, how lenient.

use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;
use thiserror::Error;

/// How `JwtVerifier` checks tokens. At least one of `hs256_secret` and `jwks_url` must be set.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    /// The project's JWT secret for HS256 tokens (Supabase's legacy secret). Its text's bytes are
    /// the HMAC key, as Supabase uses it (not base64-decoded). `None`: HS256 tokens are refused.
    pub hs256_secret: Option<SecretString>,
    /// Where the public signing keys are, e.g. `https://<ref>.supabase.co/auth/v1/.well-known/jwks.json`.
    /// `None`: ES256 and RS256 tokens are refused.
    pub jwks_url: Option<String>,
    /// The audience a token's `aud` must contain. Default `authenticated`.
    pub audience: String,
    /// The exact `iss` required, e.g. `https://<ref>.supabase.co/auth/v1`. `None`: not checked.
    pub issuer: Option<String>,
    /// Clock skew tolerated on `exp` and `nbf`, rounded down to whole seconds. Default 30 s.
    pub leeway: Duration,
    /// How long a fetched key set is trusted before it is fetched again. Default 10 min
    /// (Supabase's edge caches the JWKS as long).
    pub jwks_cache_ttl: Duration,
    /// The least time between two JWKS fetches caused by unknown `kid`s or failures. Default 30 s.
    pub jwks_min_refetch_interval: Duration,
    /// Timeout of one JWKS request. Default 5 s.
    pub jwks_fetch_timeout: Duration,
}

impl Default for JwtSettings {
    fn default() -> Self {
        Self {
            hs256_secret: None,
            jwks_url: None,
            audience: "authenticated".to_owned(),
            issuer: None,
            leeway: Duration::from_secs(30),
            jwks_cache_ttl: Duration::from_secs(600),
            jwks_min_refetch_interval: Duration::from_secs(30),
            jwks_fetch_timeout: Duration::from_secs(5),
        }
    }
}

impl JwtSettings {
    /// Checks the settings before a verifier is built from them.
    ///
    /// # Errors
    /// `NoKeys` when neither a secret nor a JWKS URL is set; `EmptySecret`, `EmptyAudience`,
    /// `InvalidJwksUrl` for values that could never verify anything.
    pub fn validate(&self) -> Result<(), JwtConfigError> {
        if self.hs256_secret.is_none() && self.jwks_url.is_none() {
            return Err(JwtConfigError::NoKeys);
        }
        if self
            .hs256_secret
            .as_ref()
            .is_some_and(|secret| secret.expose_secret().is_empty())
        {
            return Err(JwtConfigError::EmptySecret);
        }
        if self.audience.trim().is_empty() {
            return Err(JwtConfigError::EmptyAudience);
        }
        if let Some(url) = &self.jwks_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(JwtConfigError::InvalidJwksUrl);
        }
        Ok(())
    }
}

/// Settings a verifier cannot be built from.
#[derive(Debug, Error)]
pub enum JwtConfigError {
    /// Neither an HS256 secret nor a JWKS URL: no token could ever verify.
    #[error("token verification needs an HS256 secret or a JWKS URL")]
    NoKeys,
    /// The HS256 secret is the empty string.
    #[error("the HS256 secret is empty")]
    EmptySecret,
    /// The audience is empty.
    #[error("the token audience is empty")]
    EmptyAudience,
    /// The JWKS URL is not an http(s) URL.
    #[error("the JWKS URL must start with https:// or http://")]
    InvalidJwksUrl,
    /// The HTTP client for the JWKS could not be built.
    #[error("building the JWKS HTTP client")]
    HttpClient(#[source] reqwest::Error),
}
