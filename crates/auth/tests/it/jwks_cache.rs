//! JWKS caching: rotation, removal, refetch rate limit under a flood of forged `kid`s, single flight.

use futures::future::join_all;
use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_testkit::fake_auth::{Endpoint, Fault, KeyKind};
use serde_json::json;
use std::time::Duration;

use crate::helpers::{claims, fake, settings, verifier, with_interval};

#[tokio::test]
async fn a_rotated_key_is_fetched_on_first_sight_and_accepted() {
    let fake = fake().await;
    let verifier = verifier(with_interval(&fake, Duration::ZERO));
    let (_, claims) = claims(&fake);
    verifier
        .verify(&fake.mint_es256(&claims).unwrap())
        .await
        .unwrap();

    let new_kid = fake.rotate(KeyKind::Es256).unwrap();
    let token = fake.mint_es256(&claims).unwrap();

    assert_eq!(fake.current_kid(KeyKind::Es256), new_kid);
    assert!(verifier.verify(&token).await.is_ok());
    assert_eq!(
        fake.jwks_requests(),
        2,
        "one initial fetch, one refetch for the new kid"
    );
    assert!(verifier.verify(&token).await.is_ok());
    assert_eq!(fake.jwks_requests(), 2, "the new key is cached");
}

#[tokio::test]
async fn a_removed_key_is_refused_once_the_key_set_is_refetched() {
    let fake = fake().await;
    let verifier = verifier(with_interval(&fake, Duration::ZERO));
    let (_, claims) = claims(&fake);
    let old_kid = fake.current_kid(KeyKind::Es256);
    let old_token = fake.mint_es256(&claims).unwrap();
    verifier.verify(&old_token).await.unwrap();

    fake.rotate(KeyKind::Es256).unwrap();
    assert!(fake.unpublish(&old_kid));
    // Still within the TTL: the old key is trusted until the set is refetched.
    assert!(verifier.verify(&old_token).await.is_ok());
    // A token with the new kid makes the verifier refetch, which drops the old key.
    verifier
        .verify(&fake.mint_es256(&claims).unwrap())
        .await
        .unwrap();

    assert_eq!(
        verifier.verify(&old_token).await.map(|_| ()),
        Err(TokenRejected::UnknownKey)
    );
}

#[tokio::test]
async fn a_removed_key_is_refused_after_the_cache_ttl() {
    let fake = fake().await;
    let verifier = verifier(inbox_auth::JwtSettings {
        jwks_cache_ttl: Duration::from_millis(200),
        jwks_min_refetch_interval: Duration::ZERO,
        ..settings(&fake)
    });
    let (_, claims) = claims(&fake);
    let kid = fake.current_kid(KeyKind::Rs256);
    let token = fake.mint_rs256(&claims).unwrap();
    verifier.verify(&token).await.unwrap();

    fake.unpublish(&kid);
    tokio::time::sleep(Duration::from_millis(300)).await;

    assert_eq!(
        verifier.verify(&token).await.map(|_| ()),
        Err(TokenRejected::UnknownKey)
    );
}

/// Tokens signed with the real ES256 key but naming `count` different invented `kid`s.
fn forged_kid_tokens(
    fake: &inbox_testkit::fake_auth::FakeSupabaseAuth,
    claims: &serde_json::Value,
    count: usize,
) -> Vec<String> {
    let kid = fake.current_kid(KeyKind::Es256);
    (0..count)
        .map(|n| {
            let header =
                json!({"alg": "ES256", "kid": format!("forged-{n}-{}", uuid::Uuid::new_v4())});
            fake.sign_with_header(&kid, &header, claims).unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_flood_of_unknown_kids_refetches_at_most_once_per_interval() {
    let fake = fake().await;
    let interval = Duration::from_millis(400);
    let verifier = verifier(with_interval(&fake, interval));
    let (_, claims) = claims(&fake);
    // Signed up front, so the timing below is the verifier's alone.
    let [first, second, third] = [(); 3].map(|()| forged_kid_tokens(&fake, &claims, 50));
    verifier
        .verify(&fake.mint_es256(&claims).unwrap())
        .await
        .unwrap();
    assert_eq!(fake.jwks_requests(), 1);

    // Right after a fetch: no refetch at all.
    for token in first {
        assert_eq!(
            verifier.verify(&token).await.map(|_| ()),
            Err(TokenRejected::UnknownKey)
        );
    }
    assert_eq!(fake.jwks_requests(), 1, "no refetch within the interval");

    // After the interval: one refetch for the whole flood, sequential or concurrent.
    tokio::time::sleep(interval + Duration::from_millis(100)).await;
    for token in second {
        assert_eq!(
            verifier.verify(&token).await.map(|_| ()),
            Err(TokenRejected::UnknownKey)
        );
    }
    assert_eq!(fake.jwks_requests(), 2);

    tokio::time::sleep(interval + Duration::from_millis(100)).await;
    let results = join_all(third.iter().map(|token| verifier.verify(token))).await;
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().err() == Some(&TokenRejected::UnknownKey))
    );
    assert_eq!(fake.jwks_requests(), 3);
}

#[tokio::test]
async fn concurrent_first_uses_share_one_fetch() {
    let fake = fake().await;
    fake.inject(Endpoint::Jwks, Fault::delay(Duration::from_millis(300)));
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);
    let tokens: Vec<String> = (0..20).map(|_| fake.mint_es256(&claims).unwrap()).collect();

    let results = join_all(tokens.iter().map(|token| verifier.verify(token))).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(fake.jwks_requests(), 1);
}

#[tokio::test]
async fn concurrent_sightings_of_a_new_kid_share_one_refetch() {
    let fake = fake().await;
    let verifier = verifier(with_interval(&fake, Duration::ZERO));
    let (_, claims) = claims(&fake);
    verifier
        .verify(&fake.mint_rs256(&claims).unwrap())
        .await
        .unwrap();
    fake.rotate(KeyKind::Rs256).unwrap();
    fake.inject(Endpoint::Jwks, Fault::delay(Duration::from_millis(300)));
    let tokens: Vec<String> = (0..20).map(|_| fake.mint_rs256(&claims).unwrap()).collect();

    let results = join_all(tokens.iter().map(|token| verifier.verify(token))).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        fake.jwks_requests(),
        2,
        "initial fetch plus one shared refetch"
    );
}
