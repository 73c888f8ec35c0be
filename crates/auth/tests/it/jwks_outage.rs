//! The JWKS endpoint failing or hanging: our fault (`KeysUnavailable`) only for keys never seen.

use inbox_domain::ports::{TokenRejected, TokenVerifier};
use inbox_testkit::fake_auth::{Endpoint, Fault, KeyKind};
use std::time::Duration;

use crate::helpers::{claims, fake, settings, verifier, with_interval};

#[tokio::test]
async fn jwks_down_before_any_fetch_means_keys_unavailable_but_hs256_still_works() {
    let fake = fake().await;
    fake.inject(Endpoint::Jwks, Fault::status(503));
    let verifier = verifier(settings(&fake));
    let (_, claims) = claims(&fake);

    let result = verifier.verify(&fake.mint_es256(&claims).unwrap()).await;

    assert_eq!(result.map(|_| ()), Err(TokenRejected::KeysUnavailable));
    assert!(TokenRejected::KeysUnavailable.is_unavailable());
    assert!(
        verifier
            .verify(&fake.mint_legacy_hs256(&claims))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_failed_fetch_is_retried_after_the_interval_and_not_before() {
    let fake = fake().await;
    let interval = Duration::from_millis(300);
    let verifier = verifier(with_interval(&fake, interval));
    let (_, claims) = claims(&fake);
    let token = fake.mint_es256(&claims).unwrap();
    fake.inject(Endpoint::Jwks, Fault::status(500));
    assert_eq!(
        verifier.verify(&token).await.map(|_| ()),
        Err(TokenRejected::KeysUnavailable)
    );

    fake.clear_faults();
    for _ in 0..10 {
        assert_eq!(
            verifier.verify(&token).await.map(|_| ()),
            Err(TokenRejected::KeysUnavailable)
        );
    }
    assert_eq!(
        fake.jwks_requests(),
        1,
        "a failure is not retried within the interval"
    );

    tokio::time::sleep(interval + Duration::from_millis(100)).await;
    assert!(verifier.verify(&token).await.is_ok());
    assert_eq!(fake.jwks_requests(), 2);
}

#[tokio::test]
async fn known_keys_keep_working_past_their_ttl_while_the_jwks_is_down() {
    let fake = fake().await;
    let verifier = verifier(inbox_auth::JwtSettings {
        jwks_cache_ttl: Duration::from_millis(200),
        jwks_min_refetch_interval: Duration::ZERO,
        ..settings(&fake)
    });
    let (_, claims) = claims(&fake);
    let known = fake.mint_es256(&claims).unwrap();
    verifier.verify(&known).await.unwrap();

    fake.inject(Endpoint::Jwks, Fault::status(503));
    tokio::time::sleep(Duration::from_millis(300)).await;
    fake.rotate(KeyKind::Es256).unwrap();
    let never_seen = fake.mint_es256(&claims).unwrap();

    assert!(
        verifier.verify(&known).await.is_ok(),
        "the last good key set is kept"
    );
    assert_eq!(
        verifier.verify(&never_seen).await.map(|_| ()),
        Err(TokenRejected::KeysUnavailable)
    );
    assert!(
        fake.jwks_requests() >= 2,
        "the expired set was refetched (and failed)"
    );
}

#[tokio::test]
async fn a_hanging_jwks_times_out_as_keys_unavailable() {
    let fake = fake().await;
    fake.inject(Endpoint::Jwks, Fault::delay(Duration::from_secs(3)));
    let verifier = verifier(inbox_auth::JwtSettings {
        jwks_fetch_timeout: Duration::from_millis(200),
        ..settings(&fake)
    });
    let (_, claims) = claims(&fake);
    let started = std::time::Instant::now();

    let result = verifier.verify(&fake.mint_rs256(&claims).unwrap()).await;

    assert_eq!(result.map(|_| ()), Err(TokenRejected::KeysUnavailable));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_jwks_url_answering_404_means_keys_unavailable() {
    let fake = fake().await;
    let verifier = verifier(inbox_auth::JwtSettings {
        jwks_url: Some(format!("{}/auth/v1/nowhere", fake.url())),
        ..settings(&fake)
    });
    let (_, claims) = claims(&fake);

    let result = verifier.verify(&fake.mint_es256(&claims).unwrap()).await;

    assert_eq!(result.map(|_| ()), Err(TokenRejected::KeysUnavailable));
}
