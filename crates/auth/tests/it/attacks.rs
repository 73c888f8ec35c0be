//! Forgeries: `alg: none`, algorithm confusion with the public keys, malformed strings.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_testkit::fake_auth::{KeyKind, mint_hs256_with_header, mint_unsigned, sign_hs256_parts};
use serde_json::json;

use crate::helpers::{claims, fake, jwks_only, settings, verifier};

#[tokio::test]
async fn unsigned_tokens_are_refused_whatever_the_spelling_of_none() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let header = |alg: &str| URL_SAFE_NO_PAD.encode(json!({"alg": alg, "typ": "JWT"}).to_string());
    let valid_signature = fake
        .mint_legacy_hs256(&claims)
        .rsplit('.')
        .next()
        .unwrap()
        .to_owned();

    let cases = [
        ("alg none", mint_unsigned(&claims)),
        ("alg None", format!("{}.{payload}.", header("None"))),
        (
            "alg NONE with a signature",
            format!("{}.{payload}.{valid_signature}", header("NONE")),
        ),
        (
            "alg missing",
            format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT"}"#)),
        ),
    ];
    for (name, token) in cases {
        let result = verifier.verify(&token).await.map(|_| ());
        assert!(
            matches!(
                result,
                Err(TokenRejected::AlgorithmNotAllowed | TokenRejected::Malformed)
            ),
            "{name}: {result:?}"
        );
    }
    assert_eq!(
        verifier.verify(&mint_unsigned(&claims)).await.map(|_| ()),
        Err(TokenRejected::AlgorithmNotAllowed)
    );
}

#[tokio::test]
async fn hs256_tokens_keyed_with_a_jwks_public_key_are_refused() {
    let fake = fake().await;
    let jwks_only = verifier(jwks_only(&fake));
    let both = verifier(settings(&fake));
    let (_, claims) = claims(&fake);

    for kind in [KeyKind::Es256, KeyKind::Rs256] {
        let kid = fake.current_kid(kind);
        let public_forms = [
            ("SPKI DER", fake.public_key_der(&kid).unwrap()),
            ("raw public key", fake.public_key_raw(&kid).unwrap()),
            ("JWK text", fake.jwk(&kid).unwrap().to_string().into_bytes()),
            ("JWKS text", fake.jwks().to_string().into_bytes()),
        ];
        for (form, secret) in public_forms {
            let header = json!({"alg": "HS256", "kid": kid, "typ": "JWT"});
            let token = mint_hs256_with_header(&secret, &header, &claims);

            assert_eq!(
                jwks_only.verify(&token).await.map(|_| ()),
                Err(TokenRejected::AlgorithmNotAllowed),
                "{kind:?} {form}, JWKS only"
            );
            assert_eq!(
                both.verify(&token).await.map(|_| ()),
                Err(TokenRejected::BadSignature),
                "{kind:?} {form}, secret and JWKS"
            );
        }
    }
}

#[tokio::test]
async fn malformed_strings_are_refused_as_malformed() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);
    let secret = fake.jwt_secret().as_bytes();
    let valid = fake.mint_legacy_hs256(&claims);
    let parts: Vec<&str> = valid.split('.').collect();
    let (header, payload) = (parts[0], parts[1]);
    let b64 = |text: &str| URL_SAFE_NO_PAD.encode(text);

    let cases = [
        ("empty", String::new()),
        ("spaces", "   ".to_owned()),
        ("Bearer prefix left on", format!("Bearer {valid}")),
        ("two parts", format!("{header}.{payload}")),
        ("four parts", format!("{valid}.x")),
        ("header not base64", format!("%%%.{payload}.{}", parts[2])),
        (
            "header not json",
            format!("{}.{payload}.{}", b64("nope"), parts[2]),
        ),
        (
            "signed payload not base64",
            sign_hs256_parts(secret, header, "%%%"),
        ),
        (
            "signed payload not json",
            sign_hs256_parts(secret, header, &b64("nope")),
        ),
        (
            "signed payload a json array",
            sign_hs256_parts(secret, header, &b64("[1,2]")),
        ),
        ("huge", "a".repeat(100_000)),
        ("not ascii", "ünïcödé.ünïcödé.ünïcödé".to_owned()),
    ];
    for (name, token) in cases {
        let result = verifier.verify(&token).await.map(|_| ());
        assert_eq!(result, Err(TokenRejected::Malformed), "{name}");
    }
}

#[tokio::test]
async fn a_signature_that_is_not_base64_is_refused() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);
    let valid = fake.mint_legacy_hs256(&claims);
    let (signing_input, _) = valid.rsplit_once('.').unwrap();

    let result = verifier
        .verify(&format!("{signing_input}.%%%"))
        .await
        .map(|_| ());

    assert!(
        matches!(
            result,
            Err(TokenRejected::Malformed | TokenRejected::BadSignature)
        ),
        "{result:?}"
    );
}
