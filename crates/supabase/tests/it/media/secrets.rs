//! Neither the service key nor a signed URL's token shows in logs or debug output.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;

use inbox_domain::ports::MediaStore;
use inbox_testkit::fake_storage::{Fault, StorageRoute};

use super::{key, object, storage, store};

/// Log lines written by the subscriber of one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        String::from_utf8(bytes).expect("logs are UTF-8")
    }
}

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
async fn logs_and_debug_output_never_show_the_key_or_a_token() {
    let fake = storage().await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let store = store(&fake).await;
    let key = key("private/doc.pdf");
    store
        .put(&key, object("application/pdf", b"%PDF"))
        .await
        .unwrap();
    let link = store
        .signed_url(&key, Duration::from_secs(60))
        .await
        .unwrap()
        .unwrap();
    fake.inject(StorageRoute::Sign, Fault::status(500));
    store
        .signed_url(&key, Duration::from_secs(60))
        .await
        .unwrap_err();
    fake.inject(StorageRoute::Download, Fault::status(403));
    store.get(&key).await.unwrap_err();

    let logs = captured.text();
    assert!(
        logs.contains("Supabase Storage call"),
        "the calls are logged: {logs}"
    );
    let (_, token) = link.url.split_once("token=").unwrap();
    let service_key = fake.service_key();
    for (what, text) in [
        ("logs", logs.as_str()),
        ("store debug", &format!("{store:?}")),
        ("link debug", &format!("{link:?}")),
    ] {
        assert!(!text.contains(service_key), "{what} show the service key");
        assert!(
            !text.contains(&service_key[service_key.len() - 12..]),
            "{what} show part of the key"
        );
        assert!(!text.contains(token), "{what} show the signed URL's token");
        assert!(!text.contains("token="), "{what} show a signed URL");
    }
}
