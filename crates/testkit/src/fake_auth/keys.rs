//! The fake's signing keys: generated with aws-lc-rs, published as JWKs, used to sign test tokens.

use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use uuid::Uuid;

use super::FakeAuthError;

/// Which asymmetric algorithm a key signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// ECDSA P-256 with SHA-256 (Supabase's recommended signing key).
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit.
    Rs256,
}

impl KeyKind {
    /// The JOSE `alg` name.
    pub const fn alg(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Rs256 => "RS256",
        }
    }
}

enum Private {
    Es256(EcdsaKeyPair),
    Rs256(RsaKeyPair),
}

/// One key pair with its id, public JWK and public key encodings.
pub(crate) struct SigningKey {
    pub(crate) kid: String,
    pub(crate) kind: KeyKind,
    /// Whether the JWKS endpoint serves it.
    pub(crate) published: bool,
    pub(crate) jwk: Value,
    /// SubjectPublicKeyInfo DER of the public key.
    pub(crate) spki_der: Vec<u8>,
    /// The raw public key: the uncompressed EC point, or the PKCS#1 `RSAPublicKey` DER.
    pub(crate) raw_public: Vec<u8>,
    private: Private,
}

fn keygen_failed(what: &'static str) -> impl Fn(aws_lc_rs::error::Unspecified) -> FakeAuthError {
    move |_| FakeAuthError::Crypto(what)
}

impl SigningKey {
    /// A new key of `kind` with a random `kid`.
    pub(crate) fn generate(kind: KeyKind) -> Result<Self, FakeAuthError> {
        let kid = format!("{}-{}", kind.alg().to_lowercase(), Uuid::new_v4().simple());
        match kind {
            KeyKind::Es256 => {
                let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
                    .map_err(keygen_failed("generating a P-256 key"))?;
                let point = pair.public_key().as_ref().to_vec();
                let (Some(4), Some(x), Some(y)) =
                    (point.first().copied(), point.get(1..33), point.get(33..65))
                else {
                    return Err(FakeAuthError::Crypto("unexpected P-256 point encoding"));
                };
                let jwk = json!({
                    "kid": kid, "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig",
                    "key_ops": ["verify"], "ext": true,
                    "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y),
                });
                let spki_der = pair
                    .public_key()
                    .as_der()
                    .map_err(keygen_failed("encoding a P-256 public key"))?
                    .as_ref()
                    .to_vec();
                Ok(Self {
                    kid,
                    kind,
                    published: true,
                    jwk,
                    spki_der,
                    raw_public: point,
                    private: Private::Es256(pair),
                })
            }
            KeyKind::Rs256 => {
                let pair = RsaKeyPair::generate(KeySize::Rsa2048)
                    .map_err(keygen_failed("generating an RSA key"))?;
                let public = pair.public_key();
                let jwk = json!({
                    "kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
                    "key_ops": ["verify"], "ext": true,
                    "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
                    "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
                });
                let spki_der = public
                    .as_der()
                    .map_err(keygen_failed("encoding an RSA public key"))?
                    .as_ref()
                    .to_vec();
                Ok(Self {
                    kid,
                    kind,
                    published: true,
                    jwk,
                    spki_der,
                    raw_public: public.as_ref().to_vec(),
                    private: Private::Rs256(pair),
                })
            }
        }
    }

    /// The JWS signature of `signing_input` (`header.payload`), in JOSE form (raw `r || s` for
    /// ES256).
    pub(crate) fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, FakeAuthError> {
        let rng = SystemRandom::new();
        match &self.private {
            Private::Es256(pair) => pair
                .sign(&rng, signing_input)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(keygen_failed("signing with a P-256 key")),
            Private::Rs256(pair) => {
                let mut signature = vec![0; pair.public_modulus_len()];
                pair.sign(&RSA_PKCS1_SHA256, &rng, signing_input, &mut signature)
                    .map_err(keygen_failed("signing with an RSA key"))?;
                Ok(signature)
            }
        }
    }
}

/// `base64url(json)` without padding, as JWS parts are encoded.
pub(crate) fn b64_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// `base64url(bytes)` without padding.
pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// HMAC-SHA256 of `input` with `secret`.
pub(crate) fn hmac_sha256(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    aws_lc_rs::hmac::sign(&key, input).as_ref().to_vec()
}
