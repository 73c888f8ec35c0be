//! `JwtVerifier`: the `TokenVerifier` for Supabase Auth tokens (HS256 secret, ES256/RS256 JWKS).

use async_trait::async_trait;
use inbox_domain::VerifiedToken;
use inbox_domain::ports::{TokenRejected, TokenVerifier};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use secrecy::ExposeSecret;

use crate::claims::{self, AccessClaims};
use crate::header::{self, TokenAlg};
use crate::key_cache::KeyCache;
use crate::settings::{JwtConfigError, JwtSettings};

/// Verifies bearer tokens with the keys its settings name. The key decides the algorithm: an
/// HS256 token is only ever checked with the configured secret, an ES256/RS256 token only with a
/// JWKS key of that kind, so a public key can never be used as an HMAC secret.
pub struct JwtVerifier {
    hs256: Option<DecodingKey>,
    jwks: Option<KeyCache>,
    require_issuer: bool,
    hs256_validation: Validation,
    es256_validation: Validation,
    rs256_validation: Validation,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtVerifier")
            .field("hs256", &self.hs256.is_some())
            .field("jwks", &self.jwks.is_some())
            .finish_non_exhaustive()
    }
}

impl JwtVerifier {
    /// A verifier for `settings`. Fetches nothing yet: the JWKS is fetched on first use.
    ///
    /// # Errors
    /// What `JwtSettings::validate` refuses, or `HttpClient` when the HTTP client cannot be built.
    pub fn new(settings: JwtSettings) -> Result<Self, JwtConfigError> {
        settings.validate()?;
        let jwks = match &settings.jwks_url {
            Some(url) => {
                let client = reqwest::Client::builder()
                    .timeout(settings.jwks_fetch_timeout)
                    .connect_timeout(settings.jwks_fetch_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(JwtConfigError::HttpClient)?;
                Some(KeyCache::new(
                    url.clone(),
                    client,
                    settings.jwks_cache_ttl,
                    settings.jwks_min_refetch_interval,
                ))
            }
            None => None,
        };
        let hs256 = settings
            .hs256_secret
            .as_ref()
            .map(|secret| DecodingKey::from_secret(secret.expose_secret().as_bytes()));
        Ok(Self {
            hs256,
            jwks,
            require_issuer: settings.issuer.is_some(),
            hs256_validation: validation(Algorithm::HS256, &settings),
            es256_validation: validation(Algorithm::ES256, &settings),
            rs256_validation: validation(Algorithm::RS256, &settings),
        })
    }

    /// The validation rules for tokens of `alg`.
    const fn validation_for(&self, alg: TokenAlg) -> &Validation {
        match alg {
            TokenAlg::Hs256 => &self.hs256_validation,
            TokenAlg::Es256 => &self.es256_validation,
            TokenAlg::Rs256 => &self.rs256_validation,
        }
    }
}

/// Validation allowing exactly `alg`, checking `exp`, `nbf`, `aud` and (when configured) `iss`.
/// Only `aud` is required here: `jsonwebtoken` checks required claims in hash order, so the
/// presence of `exp`, `sub` and `iss` is checked afterwards, in a fixed order, by the claims.
fn validation(alg: Algorithm, settings: &JwtSettings) -> Validation {
    let mut validation = Validation::new(alg);
    validation.leeway = settings.leeway.as_secs();
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = true;
    validation.set_audience(&[settings.audience.as_str()]);
    if let Some(issuer) = &settings.issuer {
        validation.set_issuer(&[issuer.as_str()]);
    }
    validation.set_required_spec_claims(&["aud"]);
    validation
}

#[async_trait]
impl TokenVerifier for JwtVerifier {
    async fn verify(&self, bearer: &str) -> Result<VerifiedToken, TokenRejected> {
        let header = header::parse(bearer)?;
        let jwks_key;
        let key = match header.alg {
            TokenAlg::Hs256 => self
                .hs256
                .as_ref()
                .ok_or(TokenRejected::AlgorithmNotAllowed)?,
            TokenAlg::Es256 | TokenAlg::Rs256 => {
                let cache = self
                    .jwks
                    .as_ref()
                    .ok_or(TokenRejected::AlgorithmNotAllowed)?;
                let kid = header.kid.as_deref().ok_or(TokenRejected::UnknownKey)?;
                jwks_key = cache.key(kid).await?;
                if jwks_key.alg != header.alg.algorithm() {
                    return Err(TokenRejected::AlgorithmNotAllowed);
                }
                &jwks_key.key
            }
        };
        let data =
            jsonwebtoken::decode::<AccessClaims>(bearer, key, self.validation_for(header.alg))
                .map_err(|err| claims::rejection(&err))?;
        data.claims.into_verified(self.require_issuer)
    }
}
