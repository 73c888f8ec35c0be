//! How `inboxd` checks agents' tokens: Supabase Auth's keys when configured, else a secret of
//! this installation kept in the data directory (so the embedded default works on its own).

use std::sync::Arc;
use std::time::Duration;

use inbox_auth::{JwtSettings, JwtVerifier, LocalSigner};
use inbox_domain::ports::TokenVerifier;
use inbox_http::AuthOptions;
use secrecy::SecretString;
use serde::Deserialize;

use crate::config::Settings;
use crate::error::StartupError;

/// Token verification settings (`[auth]`).
#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// Supabase's JWT secret for HS256 tokens (`SUPABASE_JWT_SECRET` or `INBOX_AUTH__JWT_SECRET`).
    pub jwt_secret: Option<SecretString>,
    /// Supabase's JWKS URL for ES256/RS256 tokens (`INBOX_AUTH__JWKS_URL`).
    pub jwks_url: Option<String>,
    /// Required `aud` (default `authenticated`).
    pub audience: String,
    /// Required `iss`, e.g. `https://<ref>.supabase.co/auth/v1`; empty: not checked.
    pub issuer: Option<String>,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    pub leeway_secs: u64,
    /// How long a resolved principal is reused (at most 120 s, never past the token's expiry).
    pub principal_ttl_secs: u64,
}

impl AuthSettings {
    /// Whether Supabase Auth (or any external issuer) is configured.
    pub fn external(&self) -> bool {
        self.jwt_secret.is_some() || self.jwks_url.as_deref().is_some_and(|u| !u.is_empty())
    }
}

/// The verifier `serve` uses, and the local signer when tokens are ours.
pub struct TokenSetup {
    /// Options for the HTTP layer.
    pub options: AuthOptions,
    /// The signer of local tokens, `None` when an external issuer is configured.
    pub local: Option<LocalSigner>,
}

/// Builds the token verifier from the settings: the configured issuer, else local tokens.
///
/// # Errors
/// `Invalid` for settings no token could pass; `Invalid` when the local secret cannot be read
/// or created in the data directory.
pub fn token_setup(settings: &Settings) -> Result<TokenSetup, StartupError> {
    let auth = &settings.auth;
    let (verifier, local): (Arc<dyn TokenVerifier>, _) = if auth.external() {
        let jwt = JwtSettings {
            hs256_secret: auth.jwt_secret.clone(),
            jwks_url: auth.jwks_url.clone().filter(|u| !u.is_empty()),
            audience: auth.audience.clone(),
            issuer: auth.issuer.clone().filter(|i| !i.is_empty()),
            leeway: Duration::from_secs(auth.leeway_secs),
            ..JwtSettings::default()
        };
        let verifier = JwtVerifier::new(jwt)
            .map_err(|e| StartupError::Invalid(format!("auth settings: {e}")))?;
        (Arc::new(verifier), None)
    } else {
        let signer = local_signer(settings)?;
        let verifier = signer
            .verifier()
            .map_err(|e| StartupError::Invalid(format!("local token secret: {e}")))?;
        (Arc::new(verifier), Some(signer))
    };
    Ok(TokenSetup {
        options: AuthOptions {
            verifier,
            principal_ttl: Duration::from_secs(auth.principal_ttl_secs),
            ..AuthOptions::default()
        },
        local,
    })
}

/// The local signer of the data directory, created on first use.
///
/// # Errors
/// `Invalid` when the secret file cannot be created or read, or is not private.
pub fn local_signer(settings: &Settings) -> Result<LocalSigner, StartupError> {
    LocalSigner::open_or_create(&settings.storage.data_dir).map_err(|e| {
        StartupError::Invalid(format!(
            "local token secret: {}",
            crate::error::cause_chain(&e)
        ))
    })
}
