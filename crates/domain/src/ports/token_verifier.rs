//! Verifying the bearer tokens agents present: who they are, proven by a signature.

use async_trait::async_trait;
use thiserror::Error;

use crate::identity::VerifiedToken;

/// Why a bearer token was refused. Every variant but `KeysUnavailable` is the caller's fault
/// (answer 401); `KeysUnavailable` is ours (answer 503, the token may well be valid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TokenRejected {
    /// Not a compact JWS (three base64url parts of JSON), or a required claim is missing or
    /// has the wrong type (`sub` not a UUID, no `exp`).
    #[error("token malformed")]
    Malformed,
    /// `exp` is in the past, beyond the allowed leeway.
    #[error("token expired")]
    Expired,
    /// `nbf` is in the future, beyond the allowed leeway.
    #[error("token not yet valid")]
    NotYetValid,
    /// The signature does not verify with the key the token names.
    #[error("token signature invalid")]
    BadSignature,
    /// The token names a key (`kid`) that the key set does not have, even after a refetch.
    #[error("token signed with an unknown key")]
    UnknownKey,
    /// `aud` is missing or does not contain the configured audience.
    #[error("token audience not accepted")]
    WrongAudience,
    /// `iss` is missing or not the configured issuer.
    #[error("token issuer not accepted")]
    WrongIssuer,
    /// The header's `alg` is not allowed (`none`, an unsupported algorithm, HS256 without a
    /// configured secret) or does not match the algorithm of the key it names.
    #[error("token algorithm not allowed")]
    AlgorithmNotAllowed,
    /// The verification keys could not be fetched and none is cached: not the caller's fault.
    #[error("token verification keys unavailable")]
    KeysUnavailable,
}

impl TokenRejected {
    /// A stable snake_case label for metrics and logs.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::BadSignature => "bad_signature",
            Self::UnknownKey => "unknown_key",
            Self::WrongAudience => "wrong_audience",
            Self::WrongIssuer => "wrong_issuer",
            Self::AlgorithmNotAllowed => "algorithm_not_allowed",
            Self::KeysUnavailable => "keys_unavailable",
        }
    }

    /// Whether the failure is ours rather than the token's (only `KeysUnavailable`).
    pub const fn is_unavailable(self) -> bool {
        matches!(self, Self::KeysUnavailable)
    }
}

/// Turns a bearer token into a verified identity. Implementations may fetch and cache keys, but
/// never trust the token to pick the verification key's kind: the configured keys decide.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait TokenVerifier: Send + Sync {
    /// Verifies `bearer` (the token alone, without the `Bearer ` prefix): signature, `exp` and
    /// `nbf` within the leeway, audience, and issuer when one is configured.
    ///
    /// # Errors
    /// - `Malformed` when it is not a JWT or lacks `sub` (a UUID) or `exp`;
    /// - `AlgorithmNotAllowed` for `alg: none`, any algorithm without a configured key kind, or
    ///   an `alg` different from the named key's;
    /// - `UnknownKey` when the named `kid` is absent after the (rate-limited) refetch;
    /// - `BadSignature` when the signature does not verify; checked before any claim;
    /// - `Expired`, `NotYetValid`, `WrongAudience`, `WrongIssuer` for the claim checks;
    /// - `KeysUnavailable` only when the key set cannot be fetched and no copy is cached.
    async fn verify(&self, bearer: &str) -> Result<VerifiedToken, TokenRejected>;
}

/// A verifier that refuses every token: what an application without a configured one uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct RejectAllTokens;

#[async_trait]
impl TokenVerifier for RejectAllTokens {
    async fn verify(&self, _bearer: &str) -> Result<VerifiedToken, TokenRejected> {
        Err(TokenRejected::BadSignature)
    }
}
