//! The claims we read from a verified token, and how `jsonwebtoken`'s errors become rejections.

use inbox_domain::ports::TokenRejected;
use inbox_domain::{IdentityId, VerifiedToken};
use jsonwebtoken::errors::{Error, ErrorKind};
use serde::Deserialize;
use time::OffsetDateTime;

/// The claims of an access token we use. Every field is optional here so that a missing one is
/// reported by the validation (as the precise rejection), not as a parse failure.
#[derive(Debug, Deserialize)]
pub(crate) struct AccessClaims {
    #[serde(default)]
    sub: Option<String>,
    #[serde(default)]
    exp: Option<serde_json::Number>,
    #[serde(default)]
    iss: Option<serde_json::Value>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    is_anonymous: Option<bool>,
    #[serde(default)]
    session_id: Option<String>,
}

impl AccessClaims {
    /// The verified token these claims describe; `require_issuer` when an issuer is configured
    /// (its value was already checked, only its presence is left).
    ///
    /// # Errors
    /// `WrongIssuer` when `iss` is required and absent; `Malformed` when `exp` is absent or not a
    /// representable time, or `sub` is absent or not a UUID.
    pub(crate) fn into_verified(
        self,
        require_issuer: bool,
    ) -> Result<VerifiedToken, TokenRejected> {
        if require_issuer && self.iss.as_ref().is_none_or(serde_json::Value::is_null) {
            return Err(TokenRejected::WrongIssuer);
        }
        let identity = self
            .sub
            .as_deref()
            .ok_or(TokenRejected::Malformed)?
            .parse::<IdentityId>()
            .map_err(|_| TokenRejected::Malformed)?;
        let exp = self.exp.ok_or(TokenRejected::Malformed)?;
        let seconds = match exp.as_i64() {
            Some(seconds) => seconds,
            None => exp
                .as_f64()
                // Saturating cast, in range anyway: out-of-range times are refused below.
                .filter(|seconds| seconds.is_finite() && seconds.abs() < 1e15)
                .map(|seconds| seconds.floor() as i64)
                .ok_or(TokenRejected::Malformed)?,
        };
        let expires_at =
            OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| TokenRejected::Malformed)?;
        Ok(VerifiedToken {
            identity,
            email: self.email.filter(|email| !email.is_empty()),
            role: self.role.filter(|role| !role.is_empty()),
            is_anonymous: self.is_anonymous.unwrap_or(false),
            expires_at,
            session_id: self.session_id.filter(|id| !id.is_empty()),
        })
    }
}

/// The rejection for an error of `jsonwebtoken::decode`.
pub(crate) fn rejection(err: &Error) -> TokenRejected {
    match err.kind() {
        ErrorKind::InvalidSignature => TokenRejected::BadSignature,
        ErrorKind::ExpiredSignature => TokenRejected::Expired,
        ErrorKind::ImmatureSignature => TokenRejected::NotYetValid,
        ErrorKind::InvalidAudience => TokenRejected::WrongAudience,
        ErrorKind::InvalidIssuer => TokenRejected::WrongIssuer,
        ErrorKind::MissingRequiredClaim(claim) if claim == "aud" => TokenRejected::WrongAudience,
        ErrorKind::MissingRequiredClaim(claim) if claim == "iss" => TokenRejected::WrongIssuer,
        ErrorKind::InvalidAlgorithm | ErrorKind::MissingAlgorithm => {
            TokenRejected::AlgorithmNotAllowed
        }
        // A key that cannot verify (a malformed JWKS entry) proves nothing about the token.
        ErrorKind::InvalidEcdsaKey | ErrorKind::InvalidRsaKey(_) | ErrorKind::InvalidKeyFormat => {
            TokenRejected::BadSignature
        }
        _ => TokenRejected::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: serde_json::Value) -> AccessClaims {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn keeps_the_claims_we_use_and_drops_empty_strings() {
        let sub = "6a1f4c2e-7d1b-4f0e-9a59-2f3a1c0d9b11";
        let verified = claims(json!({
            "sub": sub, "exp": 1_900_000_000, "email": "", "role": "authenticated",
            "is_anonymous": true, "session_id": "s-1"
        }))
        .into_verified(false)
        .unwrap();
        assert_eq!(verified.identity.to_string(), sub);
        assert_eq!(verified.email, None);
        assert_eq!(verified.role.as_deref(), Some("authenticated"));
        assert!(verified.is_anonymous);
        assert_eq!(verified.expires_at.unix_timestamp(), 1_900_000_000);
        assert_eq!(verified.session_id.as_deref(), Some("s-1"));
    }

    #[test]
    fn accepts_a_fractional_exp() {
        let verified = claims(json!({"sub": uuid::Uuid::nil(), "exp": 1_900_000_000.7}))
            .into_verified(false)
            .unwrap();
        assert_eq!(verified.expires_at.unix_timestamp(), 1_900_000_000);
    }

    #[test]
    fn requires_an_issuer_only_when_one_is_configured() {
        let value = json!({"sub": uuid::Uuid::nil(), "exp": 1_900_000_000});
        assert!(claims(value.clone()).into_verified(false).is_ok());
        assert_eq!(
            claims(value).into_verified(true),
            Err(TokenRejected::WrongIssuer)
        );
    }

    #[test]
    fn refuses_a_sub_that_is_not_a_uuid() {
        let result = claims(json!({"sub": "anon", "exp": 1_900_000_000})).into_verified(false);
        assert_eq!(result, Err(TokenRejected::Malformed));
    }
}
