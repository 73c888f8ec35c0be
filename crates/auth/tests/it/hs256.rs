//! HS256 tokens with the project's JWT secret.

use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_testkit::fake_auth::mint_hs256;

use crate::helpers::{claims, fake, jwks_only, settings, verifier};

#[tokio::test]
async fn hs256_token_signed_with_the_project_secret_is_accepted_without_fetching_keys() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (sub, claims) = claims(&fake);

    let verified = verifier
        .verify(&fake.mint_legacy_hs256(&claims))
        .await
        .expect("accepted");

    assert_eq!(verified.identity.as_uuid(), sub);
    assert_eq!(verified.role.as_deref(), Some("authenticated"));
    assert!(verified.email.is_some());
    assert!(!verified.is_anonymous);
    assert!(verified.session_id.is_some());
    assert_eq!(fake.jwks_requests(), 0, "HS256 never needs the JWKS");
}

#[tokio::test]
async fn hs256_token_signed_with_another_secret_is_rejected_as_bad_signature() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);

    let result = verifier
        .verify(&mint_hs256(
            b"some-other-projects-secret-of-decent-length",
            &claims,
        ))
        .await;

    assert_eq!(result, Err(TokenRejected::BadSignature));
}

#[tokio::test]
async fn hs256_token_is_refused_when_no_secret_is_configured() {
    let fake = fake().await;
    let verifier = verifier(jwks_only(&fake));
    let (_, claims) = claims(&fake);

    let result = verifier.verify(&fake.mint_legacy_hs256(&claims)).await;

    assert_eq!(result, Err(TokenRejected::AlgorithmNotAllowed));
}

#[tokio::test]
async fn hs256_token_with_a_kid_is_still_checked_with_the_secret_only() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);
    let header = serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": "legacy-kid"});

    let token = inbox_testkit::fake_auth::mint_hs256_with_header(
        fake.jwt_secret().as_bytes(),
        &header,
        &claims,
    );

    assert!(verifier.verify(&token).await.is_ok());
    assert_eq!(fake.jwks_requests(), 0);
}
