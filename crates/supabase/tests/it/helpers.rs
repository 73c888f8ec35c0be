//! Shared setup: a fake Supabase Auth and adapters pointed at it.

use inbox_supabase::{ClientSettings, SupabaseAuthAdmin, SupabaseProject};
use inbox_testkit::fake_auth::FakeSupabaseAuth;
use secrecy::SecretString;
use std::time::Duration;

/// A started fake.
pub async fn fake() -> FakeSupabaseAuth {
    FakeSupabaseAuth::start()
        .await
        .expect("fake Supabase Auth starts")
}

/// Settings with a short whole-call timeout, so timeout tests end quickly.
pub fn quick() -> ClientSettings {
    ClientSettings {
        request_timeout: Duration::from_millis(500),
        ..ClientSettings::default()
    }
}

/// An adapter for the fake's project with `key` as the service key.
pub fn admin_with_key(fake: &FakeSupabaseAuth, key: &str) -> SupabaseAuthAdmin {
    let project = SupabaseProject::new(fake.url(), SecretString::from(key.to_owned()))
        .expect("valid project");
    SupabaseAuthAdmin::new(&project, &quick()).expect("adapter builds")
}

/// An adapter for the fake's project with its service key.
pub fn admin(fake: &FakeSupabaseAuth) -> SupabaseAuthAdmin {
    admin_with_key(fake, fake.service_key())
}
