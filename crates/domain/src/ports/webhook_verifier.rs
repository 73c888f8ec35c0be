//! Authenticity of Meta's webhook calls: the POST signature and the subscription verify token.

use thiserror::Error;

/// Why a delivery's `X-Hub-Signature-256` was refused; each answers `401` and stores nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SignatureRejected {
    /// The request had no signature header.
    #[error("signature header missing")]
    Missing,
    /// The header is not `sha256=` followed by exactly 64 lowercase hex digits.
    #[error("signature header malformed")]
    Malformed,
    /// No configured app secret produces this signature.
    #[error("signature does not match any app secret")]
    Mismatch,
    /// No non-empty app secret is configured: every delivery is refused (fail closed).
    #[error("no app secret configured")]
    NoSecretConfigured,
}

impl SignatureRejected {
    /// A stable snake_case label for metrics and logs.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Malformed => "malformed",
            Self::Mismatch => "mismatch",
            Self::NoSecretConfigured => "no_secret_configured",
        }
    }
}

/// Checks what Meta sends to the webhook route. Pure and synchronous: the caller supplies the
/// configured secrets and tokens, so an implementation holds no state and does no I/O. (No
/// mock: its slices of borrowed slices defeat mockall; tests use the real one or
/// [`RejectAllVerifier`].)
pub trait WebhookVerifier: Send + Sync {
    /// Checks `header` (the `X-Hub-Signature-256` value) against the raw `body` as received.
    /// Accepts when any non-empty secret in `secrets` matches; compares in constant time.
    ///
    /// # Errors
    /// - `NoSecretConfigured` when `secrets` holds no non-empty secret, whatever the header says;
    /// - `Missing` when `header` is `None`;
    /// - `Malformed` unless the header is `sha256=` and 64 lowercase hex digits;
    /// - `Mismatch` when no secret produces the signature.
    fn verify(
        &self,
        body: &[u8],
        header: Option<&str>,
        secrets: &[&[u8]],
    ) -> Result<(), SignatureRejected>;

    /// Whether `given` equals one of the non-empty `configured` verify tokens, compared in
    /// constant time. No token configured means no match (the handshake fails closed).
    fn token_matches(&self, given: &str, configured: &[&str]) -> bool;
}

/// A verifier that refuses everything: what an application without a real one must use.
#[derive(Debug, Clone, Copy, Default)]
pub struct RejectAllVerifier;

impl WebhookVerifier for RejectAllVerifier {
    fn verify(
        &self,
        _body: &[u8],
        _header: Option<&str>,
        _secrets: &[&[u8]],
    ) -> Result<(), SignatureRejected> {
        Err(SignatureRejected::NoSecretConfigured)
    }

    fn token_matches(&self, _given: &str, _configured: &[&str]) -> bool {
        false
    }
}
