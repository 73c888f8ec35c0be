//! Spawning the real application on a random port, and talking to it.

use inbox_domain::ports::Storage;
use inbox_events::InProcessEventBus;
use inbox_server::auth::local_signer;
use inbox_server::config::StorageMode;
use inbox_server::users::{AddUser, add_user_to};
use inbox_server::{Application, Settings, StartupError};
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A global admin of `storage` and a local token for it, as `inboxd user add` and
/// `inboxd token` make them.
async fn admin_token(settings: &Settings, storage: &Storage) -> Result<String, StartupError> {
    let request = AddUser {
        email: "admin@example.com".to_owned(),
        name: None,
        role: "admin".parse().unwrap(),
        account: None,
    };
    let (user, _) = add_user_to(storage, &request, true).await?;
    let signer = local_signer(settings)?;
    Ok(signer
        .mint(
            user.identity.unwrap(),
            Some(&user.email),
            Duration::from_secs(3600),
        )
        .unwrap())
}

/// A client that sends `token` as its bearer.
pub fn client_with_token(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A running `inboxd` application and an HTTP client for it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// An HTTP client that sends a global admin's bearer token.
    pub client: reqwest::Client,
    /// An HTTP client without a token.
    pub anonymous: reqwest::Client,
    /// The application's storage ports, to seed what no route creates yet.
    pub storage: Storage,
    /// The application's event bus.
    pub events: Arc<InProcessEventBus>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), StartupError>>,
}

impl TestApp {
    /// Builds the application from `settings` (bound to a random loopback port) and runs it.
    pub async fn spawn(mut settings: Settings) -> Result<Self, StartupError> {
        settings.server.bind = "127.0.0.1:0".parse().unwrap();
        settings.server.workers = 1;
        settings.server.shutdown_timeout_secs = 2;
        let app = Application::build(&settings).await?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let storage = app.storage().clone();
        let events = app.events().clone();
        let token = admin_token(&settings, &storage).await?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Ok(Self {
            base,
            client: client_with_token(&token),
            anonymous: reqwest::Client::new(),
            storage,
            events,
            stop,
            task,
        })
    }

    /// GETs `path` and returns the status and JSON body.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// POSTs JSON to `path` and returns the status and JSON body.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// POSTs raw bytes to the webhook route with an optional signature; returns the status.
    pub async fn post_webhook(&self, body: &[u8], signature: Option<&str>) -> u16 {
        let mut request = self
            .client
            .post(format!("{}/webhook/whatsapp", self.base))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-hub-signature-256", signature);
        }
        request.send().await.unwrap().status().as_u16()
    }

    /// POSTs `body` signed with `secret`; returns the status.
    pub async fn post_signed(&self, body: &[u8], secret: &str) -> u16 {
        let signature = inbox_testkit::webhook::sign(body, secret.as_bytes());
        self.post_webhook(body, Some(&signature)).await
    }

    /// Shuts the application down as SIGTERM would and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

/// Settings for a test: built-in defaults, a small pool, the given backend and data directory.
pub fn settings(mode: StorageMode, data_dir: &Path, database_url: Option<String>) -> Settings {
    let mut settings = Settings::defaults().unwrap();
    settings.storage.mode = mode;
    settings.storage.data_dir = data_dir.to_path_buf();
    settings.database.url = database_url.map(secrecy::SecretString::from);
    settings.database.pool_min = 1;
    settings.database.pool_max = 4;
    settings
}

/// A temporary directory the `postgres` system user can traverse (tempdirs are 0700).
pub fn shared_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// A valid account creation body.
pub fn account_body(phone_number_id: &str) -> serde_json::Value {
    serde_json::json!({
        "name": "Support",
        "phone_number_id": phone_number_id,
        "waba_id": "102290129340398",
        "display_phone_number": "+1 555 078 3881",
        "access_token": "EAAG-secret-token",
        "app_secret": "app-secret-value",
        "verify_token": "verify-me",
    })
}

/// Polls `check` every 20 ms until it answers `Some`, and returns that; panics after `within`
/// naming `what`.
pub async fn eventually<T, F, Fut>(what: &str, within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
