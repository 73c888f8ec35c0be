//! The service key and people's emails never show in debug output or logs.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use inbox_domain::identity_admin::Invitation;
use inbox_domain::ports::IdentityProvider;
use inbox_testkit::fake_auth::{Endpoint, Fault};
use tracing_subscriber::fmt::MakeWriter;

use crate::helpers::{admin, fake};

/// Log lines written by the subscriber of one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Self;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn neither_debug_output_nor_logs_show_the_key_or_emails() {
    let fake = fake().await;
    let admin = admin(&fake);
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let invitation = Invitation::new("secret.person@example.test").unwrap();
    admin.invite(&invitation).await.unwrap();
    admin
        .find_by_email("secret.person@example.test")
        .await
        .unwrap();
    fake.inject(Endpoint::Invite, Fault::status(503));
    admin.invite(&invitation).await.unwrap_err();
    fake.inject(Endpoint::Invite, Fault::error(400, "email_address_invalid"));
    admin.invite(&invitation).await.unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("Supabase Auth call"),
        "the calls are logged: {logs}"
    );
    let key = fake.service_key();
    for (what, text) in [("logs", logs.as_str()), ("debug", &format!("{admin:?}"))] {
        assert!(!text.contains(key), "{what} show the service key");
        assert!(
            !text.contains(&key[key.len() - 12..]),
            "{what} show part of the key"
        );
        assert!(!text.contains("secret.person"), "{what} show an email");
    }
}
