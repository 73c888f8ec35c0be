//! Shared setup: a fake Supabase Auth and verifiers configured against it.

use inbox_auth::{JwtSettings, JwtVerifier};
use inbox_testkit::fake_auth::FakeSupabaseAuth;
use secrecy::SecretString;
use serde_json::Value;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

/// Settings as a Supabase project would be configured: legacy secret, JWKS URL, issuer.
pub fn settings(fake: &FakeSupabaseAuth) -> JwtSettings {
    JwtSettings {
        hs256_secret: Some(SecretString::from(fake.jwt_secret().to_owned())),
        jwks_url: Some(fake.jwks_url()),
        issuer: Some(fake.issuer()),
        ..JwtSettings::default()
    }
}

/// Settings with the JWKS only (no HS256 secret).
pub fn jwks_only(fake: &FakeSupabaseAuth) -> JwtSettings {
    JwtSettings {
        hs256_secret: None,
        ..settings(fake)
    }
}

/// A verifier for `settings`.
pub fn verifier(settings: JwtSettings) -> JwtVerifier {
    JwtVerifier::new(settings).expect("valid settings")
}

/// A started fake.
pub async fn fake() -> FakeSupabaseAuth {
    FakeSupabaseAuth::start()
        .await
        .expect("fake Supabase Auth starts")
}

/// Valid claims for a fresh identity, and that identity.
pub fn claims(fake: &FakeSupabaseAuth) -> (Uuid, Value) {
    let sub = Uuid::new_v4();
    (sub, fake.claims_for(sub))
}

/// Now, in seconds since the epoch.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Settings whose JWKS refetch interval is `interval` (TTL left at 10 minutes).
pub fn with_interval(fake: &FakeSupabaseAuth, interval: Duration) -> JwtSettings {
    JwtSettings {
        jwks_min_refetch_interval: interval,
        ..settings(fake)
    }
}
