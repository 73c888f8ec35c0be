//! Claim checks: audience, issuer, expiry and not-before with the leeway, required claims.

use inbox_domain::ports::{TokenRejected, TokenVerifier};
use serde_json::{Value, json};

use crate::helpers::{claims, fake, now, settings, verifier};

/// Verifies ES256 and HS256 tokens over `claims` and returns both results.
async fn verify_both(
    fake: &inbox_testkit::fake_auth::FakeSupabaseAuth,
    verifier: &inbox_auth::JwtVerifier,
    claims: &Value,
) -> [Result<inbox_domain::VerifiedToken, TokenRejected>; 2] {
    [
        verifier.verify(&fake.mint_es256(claims).unwrap()).await,
        verifier.verify(&fake.mint_legacy_hs256(claims)).await,
    ]
}

#[tokio::test]
async fn each_claim_violation_gets_its_own_rejection() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, valid) = claims(&fake);
    let with = |key: &str, value: Value| {
        let mut claims = valid.clone();
        claims[key] = value;
        claims
    };
    let without = |key: &str| {
        let mut claims = valid.clone();
        claims.as_object_mut().unwrap().remove(key);
        claims
    };
    let cases = [
        (
            "wrong audience",
            with("aud", json!("anon")),
            TokenRejected::WrongAudience,
        ),
        (
            "audience list without ours",
            with("aud", json!(["a", "b"])),
            TokenRejected::WrongAudience,
        ),
        ("no audience", without("aud"), TokenRejected::WrongAudience),
        (
            "wrong issuer",
            with("iss", json!("https://evil.example/auth/v1")),
            TokenRejected::WrongIssuer,
        ),
        ("no issuer", without("iss"), TokenRejected::WrongIssuer),
        (
            "expired beyond leeway",
            with("exp", json!(now() - 45)),
            TokenRejected::Expired,
        ),
        (
            "not yet valid beyond leeway",
            with("nbf", json!(now() + 45)),
            TokenRejected::NotYetValid,
        ),
        ("no exp", without("exp"), TokenRejected::Malformed),
        ("no sub", without("sub"), TokenRejected::Malformed),
        (
            "sub not a uuid",
            with("sub", json!("service_role")),
            TokenRejected::Malformed,
        ),
        (
            "exp not a number",
            with("exp", json!("tomorrow")),
            TokenRejected::Malformed,
        ),
    ];
    for (name, claims, expected) in cases {
        for result in verify_both(&fake, &verifier, &claims).await {
            assert_eq!(result.map(|_| ()), Err(expected), "{name}");
        }
    }
}

#[tokio::test]
async fn times_within_the_leeway_and_audience_lists_with_ours_are_accepted() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, valid) = claims(&fake);
    let with = |key: &str, value: Value| {
        let mut claims = valid.clone();
        claims[key] = value;
        claims
    };
    let cases = [
        (
            "expired 10 s ago, leeway 30 s",
            with("exp", json!(now() - 10)),
        ),
        (
            "valid from 10 s ahead, leeway 30 s",
            with("nbf", json!(now() + 10)),
        ),
        ("valid from now", with("nbf", json!(now()))),
        (
            "audience list",
            with("aud", json!(["other", "authenticated"])),
        ),
    ];
    for (name, claims) in cases {
        for result in verify_both(&fake, &verifier, &claims).await {
            assert!(result.is_ok(), "{name}: {result:?}");
        }
    }
}

#[tokio::test]
async fn issuer_is_not_checked_when_none_is_configured_and_audience_is_configurable() {
    let fake = fake().await;
    let verifier = verifier(inbox_auth::JwtSettings {
        issuer: None,
        audience: "inbox".to_owned(),
        ..settings(&fake)
    });
    let (_, mut claims) = claims(&fake);
    claims["iss"] = json!("anything");
    claims["aud"] = json!("inbox");

    for result in verify_both(&fake, &verifier, &claims).await {
        assert!(result.is_ok(), "{result:?}");
    }
    claims["aud"] = json!("authenticated");
    for result in verify_both(&fake, &verifier, &claims).await {
        assert_eq!(result.map(|_| ()), Err(TokenRejected::WrongAudience));
    }
}

#[tokio::test]
async fn anonymous_sign_ins_and_empty_emails_are_reported_not_hidden() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));
    let (_, mut claims) = claims(&fake);
    claims["is_anonymous"] = json!(true);
    claims["email"] = json!("");

    let verified = verifier
        .verify(&fake.mint_es256(&claims).unwrap())
        .await
        .unwrap();

    assert!(verified.is_anonymous);
    assert_eq!(verified.email, None);
}

#[tokio::test]
async fn legacy_anon_and_service_role_keys_are_not_user_tokens() {
    let fake = fake().await;
    let verifier = verifier(settings(&fake));

    // Signed with the project secret, but no sub, no aud and iss "supabase".
    for key in [fake.anon_key(), fake.service_key()] {
        assert_eq!(
            verifier.verify(key).await.map(|_| ()),
            Err(TokenRejected::WrongAudience)
        );
    }
}
