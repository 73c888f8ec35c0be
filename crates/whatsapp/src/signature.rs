//! `X-Hub-Signature-256` check: HMAC-SHA256 of the raw body under any configured app secret.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use thiserror::Error;

type HmacSha256 = Hmac<Sha256>;

/// The header's scheme prefix.
const PREFIX: &str = "sha256=";
/// Hex digits of a SHA-256 MAC.
const HEX_LEN: usize = 64;

/// Why a delivery's signature was refused; each maps to a `401` and a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SignatureError {
    /// The request had no `X-Hub-Signature-256` header.
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

impl SignatureError {
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

/// Checks `header` (the `X-Hub-Signature-256` value) against the raw `body` as received.
///
/// Accepts when any non-empty secret in `secrets` matches, comparing in constant time.
///
/// # Errors
/// - [`SignatureError::NoSecretConfigured`] when `secrets` holds no non-empty secret, whatever
///   the header says;
/// - [`SignatureError::Missing`] when `header` is `None`;
/// - [`SignatureError::Malformed`] unless the header is `sha256=` and 64 lowercase hex digits;
/// - [`SignatureError::Mismatch`] when no secret produces the signature.
pub fn verify(body: &[u8], header: Option<&str>, secrets: &[&[u8]]) -> Result<(), SignatureError> {
    let mut secrets = secrets
        .iter()
        .filter(|secret| !secret.is_empty())
        .peekable();
    if secrets.peek().is_none() {
        return Err(SignatureError::NoSecretConfigured);
    }
    let expected = decode_header(header.ok_or(SignatureError::Missing)?)?;
    let mut matched = false;
    for secret in secrets {
        // Every secret is tried, so the time taken does not tell which one matched.
        matched |= mac(secret, body).verify_slice(&expected).is_ok();
    }
    if matched {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The `X-Hub-Signature-256` value Meta would send for `body` under `secret`.
pub fn sign(body: &[u8], secret: &[u8]) -> String {
    format!(
        "{PREFIX}{}",
        hex::encode(mac(secret, body).finalize().into_bytes())
    )
}

#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length (long ones are hashed first): the error cannot happen"
)]
fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

fn decode_header(header: &str) -> Result<[u8; HEX_LEN / 2], SignatureError> {
    let digits = header
        .strip_prefix(PREFIX)
        .ok_or(SignatureError::Malformed)?;
    let lowercase_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if digits.len() != HEX_LEN || !digits.bytes().all(lowercase_hex) {
        return Err(SignatureError::Malformed);
    }
    let mut out = [0_u8; HEX_LEN / 2];
    hex::decode_to_slice(digits, &mut out).map_err(|_| SignatureError::Malformed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    const SECRET: &[u8] = b"app-secret-1";

    #[test]
    fn a_body_signed_with_the_secret_is_accepted() {
        let header = sign(BODY, SECRET);
        assert_eq!(verify(BODY, Some(&header), &[SECRET]), Ok(()));
    }

    #[test]
    fn sign_produces_the_reference_hmac_sha256() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a well-known vector.
        assert_eq!(
            sign(b"The quick brown fox jumps over the lazy dog", b"key"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn a_wrong_secret_or_a_changed_body_is_a_mismatch() {
        let header = sign(BODY, b"another-secret");
        assert_eq!(
            verify(BODY, Some(&header), &[SECRET]),
            Err(SignatureError::Mismatch)
        );
        let header = sign(BODY, SECRET);
        let changed = br#"{"object":"whatsapp_business_account","entry":[ ]}"#;
        assert_eq!(
            verify(changed, Some(&header), &[SECRET]),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_second_configured_secret_matches_during_a_rotation() {
        let header = sign(BODY, b"new-secret");
        assert_eq!(
            verify(BODY, Some(&header), &[SECRET, b"new-secret"]),
            Ok(())
        );
    }

    #[test]
    fn a_missing_header_is_refused() {
        assert_eq!(verify(BODY, None, &[SECRET]), Err(SignatureError::Missing));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let good = sign(BODY, SECRET);
        let digits = good.trim_start_matches(PREFIX);
        let cases = [
            ("uppercase hex", format!("sha256={}", digits.to_uppercase())),
            ("short hex", format!("sha256={}", &digits[..63])),
            ("long hex", format!("sha256={digits}0")),
            ("no prefix", digits.to_owned()),
            ("sha1 prefix", format!("sha1={digits}")),
            ("uppercase prefix", format!("SHA256={digits}")),
            ("non-hex digit", format!("sha256=g{}", &digits[1..])),
            ("padded", format!(" {good}")),
            ("empty", String::new()),
        ];
        for (case, header) in cases {
            assert_eq!(
                verify(BODY, Some(&header), &[SECRET]),
                Err(SignatureError::Malformed),
                "{case}"
            );
        }
    }

    #[test]
    fn without_a_non_empty_secret_everything_is_refused() {
        let header = sign(BODY, b"");
        for secrets in [&[][..], &[&b""[..]][..], &[&b""[..], &b""[..]][..]] {
            assert_eq!(
                verify(BODY, Some(&header), secrets),
                Err(SignatureError::NoSecretConfigured),
                "{} secrets",
                secrets.len()
            );
        }
        assert_eq!(
            verify(BODY, None, &[]),
            Err(SignatureError::NoSecretConfigured)
        );
    }

    #[test]
    fn empty_secrets_are_skipped_and_the_others_still_tried() {
        let header = sign(BODY, SECRET);
        assert_eq!(verify(BODY, Some(&header), &[b"", SECRET]), Ok(()));
        let signed_with_empty = sign(BODY, b"");
        assert_eq!(
            verify(BODY, Some(&signed_with_empty), &[b"", SECRET]),
            Err(SignatureError::Mismatch)
        );
    }
}
