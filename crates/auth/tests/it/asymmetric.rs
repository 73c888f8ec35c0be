//! ES256 and RS256 tokens verified with keys from the JWKS.

use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_testkit::fake_auth::KeyKind;
use serde_json::json;

use crate::helpers::{claims, fake, jwks_only, verifier};

#[tokio::test]
async fn es256_and_rs256_tokens_are_accepted_with_one_jwks_fetch() {
    let fake = fake().await;
    let verifier = verifier(jwks_only(&fake));
    let (sub, claims) = claims(&fake);

    let es = verifier
        .verify(&fake.mint_es256(&claims).unwrap())
        .await
        .expect("ES256 accepted");
    let rs = verifier
        .verify(&fake.mint_rs256(&claims).unwrap())
        .await
        .expect("RS256 accepted");

    assert_eq!(es.identity.as_uuid(), sub);
    assert_eq!(rs.identity.as_uuid(), sub);
    assert_eq!(
        es.expires_at.unix_timestamp(),
        claims["exp"].as_i64().unwrap()
    );
    assert_eq!(
        fake.jwks_requests(),
        1,
        "both keys come from one cached fetch"
    );
}

#[tokio::test]
async fn a_tampered_payload_fails_the_signature() {
    let fake = fake().await;
    let verifier = verifier(jwks_only(&fake));
    let (_, claims) = claims(&fake);
    let token = fake.mint_es256(&claims).unwrap();
    let mut other = claims.clone();
    other["sub"] = json!(uuid::Uuid::new_v4());
    let forged_payload = fake.mint_es256(&other).unwrap();

    let parts: Vec<&str> = token.split('.').collect();
    let forged_parts: Vec<&str> = forged_payload.split('.').collect();
    let spliced = format!("{}.{}.{}", parts[0], forged_parts[1], parts[2]);

    assert_eq!(
        verifier.verify(&spliced).await,
        Err(TokenRejected::BadSignature)
    );
}

#[tokio::test]
async fn a_token_whose_alg_disagrees_with_its_key_is_refused() {
    let fake = fake().await;
    let verifier = verifier(jwks_only(&fake));
    let (_, claims) = claims(&fake);
    let rsa_kid = fake.current_kid(KeyKind::Rs256);
    let ec_kid = fake.current_kid(KeyKind::Es256);

    // Claims ES256 but names (and is signed by) the RSA key, and the reverse.
    let es_on_rsa = fake
        .sign_with_header(&rsa_kid, &json!({"alg": "ES256", "kid": rsa_kid}), &claims)
        .unwrap();
    let rs_on_ec = fake
        .sign_with_header(&ec_kid, &json!({"alg": "RS256", "kid": ec_kid}), &claims)
        .unwrap();

    assert_eq!(
        verifier.verify(&es_on_rsa).await,
        Err(TokenRejected::AlgorithmNotAllowed)
    );
    assert_eq!(
        verifier.verify(&rs_on_ec).await,
        Err(TokenRejected::AlgorithmNotAllowed)
    );
}

#[tokio::test]
async fn an_asymmetric_token_without_kid_names_no_key() {
    let fake = fake().await;
    let verifier = verifier(jwks_only(&fake));
    let (_, claims) = claims(&fake);
    let kid = fake.current_kid(KeyKind::Es256);

    let token = fake
        .sign_with_header(&kid, &json!({"alg": "ES256", "typ": "JWT"}), &claims)
        .unwrap();

    assert_eq!(
        verifier.verify(&token).await,
        Err(TokenRejected::UnknownKey)
    );
}

#[tokio::test]
async fn an_asymmetric_token_is_refused_when_no_jwks_is_configured() {
    let fake = fake().await;
    let settings = inbox_auth::JwtSettings {
        jwks_url: None,
        ..crate::helpers::settings(&fake)
    };
    let verifier = verifier(settings);
    let (_, claims) = claims(&fake);

    let result = verifier.verify(&fake.mint_es256(&claims).unwrap()).await;

    assert_eq!(result, Err(TokenRejected::AlgorithmNotAllowed));
}
