//! The domain's `WebhookVerifier` port over this crate's signature and verify-token checks.

use inbox_domain::ports::{SignatureRejected, WebhookVerifier};

use crate::signature::{self, SignatureError};
use crate::verify_token;

/// Meta's webhook checks: HMAC-SHA256 signatures and the subscription verify token, both in
/// constant time. Stateless; the caller passes the configured secrets and tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct MetaWebhookVerifier;

impl WebhookVerifier for MetaWebhookVerifier {
    fn verify(
        &self,
        body: &[u8],
        header: Option<&str>,
        secrets: &[&[u8]],
    ) -> Result<(), SignatureRejected> {
        signature::verify(body, header, secrets).map_err(|e| match e {
            SignatureError::Missing => SignatureRejected::Missing,
            SignatureError::Malformed => SignatureRejected::Malformed,
            SignatureError::Mismatch => SignatureRejected::Mismatch,
            SignatureError::NoSecretConfigured => SignatureRejected::NoSecretConfigured,
        })
    }

    fn token_matches(&self, given: &str, configured: &[&str]) -> bool {
        verify_token::matches(given, configured)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_answers_as_the_functions_do() {
        let verifier = MetaWebhookVerifier;
        let header = signature::sign(b"{}", b"s1");
        assert_eq!(
            verifier.verify(b"{}", Some(&header), &[b"s0", b"s1"]),
            Ok(())
        );
        assert_eq!(
            verifier.verify(b"{ }", Some(&header), &[b"s1"]),
            Err(SignatureRejected::Mismatch)
        );
        assert_eq!(
            verifier.verify(b"{}", None, &[b"s1"]),
            Err(SignatureRejected::Missing)
        );
        assert_eq!(
            verifier.verify(b"{}", Some("sha256=zz"), &[b"s1"]),
            Err(SignatureRejected::Malformed)
        );
        assert_eq!(
            verifier.verify(b"{}", Some(&header), &[]),
            Err(SignatureRejected::NoSecretConfigured)
        );
        assert!(verifier.token_matches("t2", &["t1", "t2"]));
        assert!(!verifier.token_matches("t3", &["t1", "t2"]));
    }
}
