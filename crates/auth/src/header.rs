//! Reading a token's header before any key is chosen: its algorithm and key id, nothing else.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use inbox_domain::ports::TokenRejected;
use serde::Deserialize;

/// Longest bearer token we look at; Supabase's are about 1 KiB.
const MAX_TOKEN_LEN: usize = 16 * 1024;

/// The algorithms a token may claim; anything else is refused before a key is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenAlg {
    /// HMAC-SHA256 with a shared secret.
    Hs256,
    /// ECDSA P-256 with SHA-256.
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
}

impl TokenAlg {
    /// The matching `jsonwebtoken` algorithm.
    pub(crate) const fn algorithm(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
            Self::Es256 => jsonwebtoken::Algorithm::ES256,
            Self::Rs256 => jsonwebtoken::Algorithm::RS256,
        }
    }
}

/// What the header says, before anything is verified: only hints for choosing the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenHeader {
    /// The claimed algorithm, already restricted to the allowed ones.
    pub(crate) alg: TokenAlg,
    /// The claimed key id.
    pub(crate) kid: Option<String>,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// Splits a compact JWS and reads its header.
///
/// # Errors
/// `Malformed` unless the token has three non-empty-header parts and a JSON header with a string
/// `alg`; `AlgorithmNotAllowed` for any `alg` but HS256, ES256, RS256 (so `none` included).
pub(crate) fn parse(token: &str) -> Result<TokenHeader, TokenRejected> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(TokenRejected::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(_payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenRejected::Malformed);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| TokenRejected::Malformed)?;
    let raw: RawHeader = serde_json::from_slice(&bytes).map_err(|_| TokenRejected::Malformed)?;
    let alg = match raw.alg.as_str() {
        "HS256" => TokenAlg::Hs256,
        "ES256" => TokenAlg::Es256,
        "RS256" => TokenAlg::Rs256,
        _ => return Err(TokenRejected::AlgorithmNotAllowed),
    };
    Ok(TokenHeader { alg, kid: raw.kid })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_with_header(header: &str) -> String {
        format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode(header))
    }

    #[test]
    fn reads_alg_and_kid() {
        let parsed = parse(&token_with_header(
            r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#,
        ))
        .unwrap();
        assert_eq!(parsed.alg, TokenAlg::Es256);
        assert_eq!(parsed.kid.as_deref(), Some("k1"));
    }

    #[test]
    fn refuses_none_and_unsupported_algorithms() {
        for alg in ["none", "None", "HS512", "EdDSA", "PS256", "ES384", ""] {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            assert_eq!(
                parse(&token_with_header(&header)),
                Err(TokenRejected::AlgorithmNotAllowed),
                "alg {alg:?}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_compact_jws() {
        let cases = [
            ("empty", String::new()),
            ("one part", "abc".to_owned()),
            ("two parts", "abc.def".to_owned()),
            (
                "four parts",
                format!("{}.x", token_with_header(r#"{"alg":"HS256"}"#)),
            ),
            ("header not base64", "!!.e30.c2ln".to_owned()),
            (
                "header not json",
                format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode("nope")),
            ),
            ("alg not a string", token_with_header(r#"{"alg":256}"#)),
            (
                "kid not a string",
                token_with_header(r#"{"alg":"HS256","kid":7}"#),
            ),
            ("too long", "a".repeat(MAX_TOKEN_LEN + 1)),
        ];
        for (name, token) in cases {
            assert_eq!(parse(&token), Err(TokenRejected::Malformed), "{name}");
        }
    }
}
