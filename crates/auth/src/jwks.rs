//! Fetching a JWKS and turning each usable public key into a verification key with its algorithm.

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use thiserror::Error;

/// Largest JWKS body accepted; Supabase's holds a handful of keys in a few KiB.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// A public key from the JWKS and the one algorithm it may verify, decided by the key itself.
pub(crate) struct VerifyKey {
    /// ES256 for an EC P-256 key, RS256 for an RSA key; never an HMAC algorithm.
    pub(crate) alg: Algorithm,
    /// The key, in the form `jsonwebtoken` verifies with.
    pub(crate) key: DecodingKey,
}

/// The usable keys of one JWKS fetch, by `kid`.
pub(crate) type Keys = HashMap<String, Arc<VerifyKey>>;

/// Why a JWKS could not be had. Logged by the cache, never shown to a client.
#[derive(Debug, Error)]
pub(crate) enum FetchError {
    /// The request failed (connection, timeout, TLS).
    #[error("JWKS request failed")]
    Request(#[source] reqwest::Error),
    /// The server answered with a non-success status.
    #[error("JWKS endpoint answered HTTP {0}")]
    Status(u16),
    /// The body was larger than `MAX_JWKS_BYTES`.
    #[error("JWKS body too large")]
    TooLarge,
    /// The body is not `{"keys": [...]}`.
    #[error("JWKS body is not a key set")]
    NotAKeySet(#[source] serde_json::Error),
}

#[derive(Deserialize)]
struct RawKeySet {
    keys: Vec<serde_json::Value>,
}

/// Fetches `url` and parses its usable keys.
///
/// # Errors
/// Any `FetchError`; an empty or partly unusable set is not an error.
pub(crate) async fn fetch(client: &reqwest::Client, url: &str) -> Result<Keys, FetchError> {
    let response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|err| FetchError::Request(err.without_url()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    if response
        .content_length()
        .is_some_and(|len| len > MAX_JWKS_BYTES as u64)
    {
        return Err(FetchError::TooLarge);
    }
    let body = response
        .bytes()
        .await
        .map_err(|err| FetchError::Request(err.without_url()))?;
    if body.len() > MAX_JWKS_BYTES {
        return Err(FetchError::TooLarge);
    }
    parse(&body)
}

/// Parses a JWKS body, skipping keys that are not usable signature keys.
///
/// # Errors
/// `NotAKeySet` when the body is not an object with a `keys` array.
pub(crate) fn parse(body: &[u8]) -> Result<Keys, FetchError> {
    let raw: RawKeySet = serde_json::from_slice(body).map_err(FetchError::NotAKeySet)?;
    let mut keys = Keys::new();
    for value in raw.keys {
        let Ok(jwk) = serde_json::from_value::<Jwk>(value) else {
            tracing::debug!("skipping a JWKS entry that is not a JWK we understand");
            continue;
        };
        let Some(kid) = jwk.common.key_id.clone() else {
            tracing::debug!("skipping a JWKS key without kid");
            continue;
        };
        match verify_key(&jwk) {
            Some(key) => {
                keys.insert(kid, Arc::new(key));
            }
            None => {
                tracing::debug!(jwk.kid = %kid, "skipping a JWKS key not usable for ES256/RS256")
            }
        }
    }
    Ok(keys)
}

/// The verification key for a JWK, when it is an EC P-256 or RSA signature key whose declared
/// `alg` (if any) agrees with its kind. Symmetric (`oct`) keys are never used.
fn verify_key(jwk: &Jwk) -> Option<VerifyKey> {
    if jwk
        .common
        .public_key_use
        .as_ref()
        .is_some_and(|usage| *usage != PublicKeyUse::Signature)
    {
        return None;
    }
    let (alg, declared_ok) = match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(params) if params.curve == EllipticCurve::P256 => (
            Algorithm::ES256,
            matches!(jwk.common.key_algorithm, None | Some(KeyAlgorithm::ES256)),
        ),
        AlgorithmParameters::RSA(_) => (
            Algorithm::RS256,
            matches!(jwk.common.key_algorithm, None | Some(KeyAlgorithm::RS256)),
        ),
        _ => return None,
    };
    if !declared_ok {
        return None;
    }
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some(VerifyKey { alg, key })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EC_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    const EC_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    #[test]
    fn keeps_ec_and_rsa_signature_keys_and_takes_the_algorithm_from_the_key() {
        let body = serde_json::json!({"keys": [
            {"kid": "ec", "kty": "EC", "crv": "P-256", "x": EC_X, "y": EC_Y, "alg": "ES256", "use": "sig"},
            {"kid": "ec-no-alg", "kty": "EC", "crv": "P-256", "x": EC_X, "y": EC_Y},
            {"kid": "rsa", "kty": "RSA", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw", "e": "AQAB", "alg": "RS256"},
            {"kid": "ec-says-rs", "kty": "EC", "crv": "P-256", "x": EC_X, "y": EC_Y, "alg": "RS256"},
            {"kid": "enc", "kty": "EC", "crv": "P-256", "x": EC_X, "y": EC_Y, "use": "enc"},
            {"kid": "oct", "kty": "oct", "k": "c2VjcmV0", "alg": "HS256"},
            {"kid": "weird", "kty": "XYZ"},
            {"kty": "EC", "crv": "P-256", "x": EC_X, "y": EC_Y},
        ]});
        let keys = parse(body.to_string().as_bytes()).unwrap();
        let mut kids: Vec<_> = keys.keys().cloned().collect();
        kids.sort();
        assert_eq!(kids, ["ec", "ec-no-alg", "rsa"]);
        assert_eq!(keys["ec"].alg, Algorithm::ES256);
        assert_eq!(keys["rsa"].alg, Algorithm::RS256);
    }

    #[test]
    fn refuses_a_body_that_is_not_a_key_set() {
        assert!(parse(b"[]").is_err());
        assert!(parse(b"{}").is_err());
        assert!(parse(b"<html>").is_err());
        assert!(parse(br#"{"keys": []}"#).unwrap().is_empty());
    }
}
