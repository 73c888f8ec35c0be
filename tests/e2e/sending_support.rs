//! A send-ready application for end-to-end tests: a fake Meta, one account, one customer who
//! wrote a moment ago (the 24-hour window is open), and the outbox for inspection.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use inbox_domain::ports::{Outbox, Storage};
use inbox_server::auth::local_signer;
use inbox_server::config::StorageMode;
use inbox_server::users::{AddUser, add_user_to};
use inbox_server::{Application, Settings, StartupError};
use inbox_testkit::db::TestDatabase;
use inbox_testkit::fake_meta::{
    FakeMeta, FakeMetaConfig, Fault, FaultAction, SentMessage, WebhookTarget,
};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, wamid};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::helpers::{account_body, client_with_token, eventually, settings, shared_tempdir};

/// `account_body`'s app secret.
pub const SECRET: &str = "app-secret-value";
/// The customer.
pub const CUSTOMER: &str = "16505554321";
/// How long a send may take to show.
pub const WITHIN: Duration = Duration::from_secs(15);

/// The application, its fake Meta, the seeded conversation and the customer's message.
pub struct Outbound {
    pub base: String,
    pub client: reqwest::Client,
    pub storage: Storage,
    pub outbox: Arc<dyn Outbox>,
    pub meta: FakeMeta,
    pub conversation: String,
    /// Our id of the customer's message.
    pub inbound: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), StartupError>>,
    _db: TestDatabase,
    _dir: TempDir,
}

async fn admin_token(settings: &Settings, storage: &Storage) -> String {
    let request = AddUser {
        email: "sender@example.com".to_owned(),
        name: None,
        role: "admin".parse().unwrap(),
        account: None,
    };
    let (user, _) = add_user_to(storage, &request, true).await.unwrap();
    local_signer(settings)
        .unwrap()
        .mint(
            user.identity.unwrap(),
            Some(&user.email),
            Duration::from_secs(3600),
        )
        .unwrap()
}

impl Outbound {
    /// Starts with default sending settings tuned for tests; `tune` may change them.
    pub async fn start(tune: impl FnOnce(&mut Settings)) -> Self {
        Self::start_with(FakeMetaConfig::default(), tune).await
    }

    /// Starts against a fake Meta configured by `meta`.
    pub async fn start_with(meta: FakeMetaConfig, tune: impl FnOnce(&mut Settings)) -> Self {
        let meta = FakeMeta::start_with(FakeMetaConfig {
            access_token: None,
            check_templates: false,
            ..meta
        })
        .await
        .unwrap();
        let db = TestDatabase::new().await.unwrap();
        let dir = shared_tempdir();
        let mut settings = settings(StorageMode::Auto, dir.path(), Some(db.connection_string()));
        settings.server.bind = "127.0.0.1:0".parse().unwrap();
        settings.server.workers = 1;
        settings.server.shutdown_timeout_secs = 2;
        settings.webhooks.poll_interval_ms = 100;
        settings.webhooks.rescue_interval_secs = 1;
        settings.sending.graph_api_url = meta.url().to_owned();
        settings.sending.poll_interval_ms = 100;
        settings.sending.rescue_interval_secs = 1;
        settings.sending.backoff_base_ms = 20;
        settings.sending.backoff_max_secs = 1;
        tune(&mut settings);
        let app = Application::build(&settings).await.unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        let storage = app.storage().clone();
        let outbox = app.send_pipeline().outbox().clone();
        let client = client_with_token(&admin_token(&settings, &storage).await);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        meta.set_webhook(Some(WebhookTarget {
            url: format!("{base}/webhook/whatsapp"),
            app_secret: SECRET.to_owned(),
        }));
        let mut outbound = Self {
            base,
            client,
            storage,
            outbox,
            meta,
            conversation: String::new(),
            inbound: String::new(),
            stop,
            task,
            _db: db,
            _dir: dir,
        };
        outbound.seed().await;
        outbound
    }

    /// The account, and a customer message of a minute ago (so the window is open).
    async fn seed(&mut self) {
        let (status, account) = self
            .post("/accounts", &account_body(PHONE_NUMBER_ID), None)
            .await;
        assert_eq!(status, 201, "{account}");
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let delivery = Delivery::new(PHONE_NUMBER_ID)
            .message(Msg::text(CUSTOMER, &wamid("sending-in"), "hello").timestamp(now - 60));
        let body = delivery.to_bytes();
        let signature = inbox_testkit::webhook::sign(&body, SECRET.as_bytes());
        let status = self
            .client
            .post(format!("{}/webhook/whatsapp", self.base))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(body)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200);
        let account = account["id"].as_str().unwrap().to_owned();
        let conversation = eventually("the conversation appears", WITHIN, || async {
            let (_, page) = self
                .get(&format!("/conversations?account_id={account}"))
                .await;
            page["items"][0]["id"].as_str().map(str::to_owned)
        })
        .await;
        let (_, page) = self
            .get(&format!("/conversations/{conversation}/messages"))
            .await;
        self.inbound = page["items"][0]["id"].as_str().unwrap().to_owned();
        self.conversation = conversation;
    }

    /// GETs `path`: status and JSON.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// POSTs `body` to `path` with an optional `Idempotency-Key`: status and JSON.
    pub async fn post(&self, path: &str, body: &Value, key: Option<&str>) -> (u16, Value) {
        let mut request = self.client.post(format!("{}{path}", self.base)).json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// Sends `body` in the conversation and expects 202; the queued message.
    pub async fn send(&self, body: Value) -> Value {
        let path = format!("/conversations/{}/messages", self.conversation);
        let (status, message) = self.post(&path, &body, None).await;
        assert_eq!(status, 202, "{message}");
        assert_eq!(message["status"], "pending", "{message}");
        message
    }

    /// Message `id` as the API shows it.
    pub async fn message(&self, id: &str) -> Value {
        let (status, message) = self.get(&format!("/messages/{id}")).await;
        assert_eq!(status, 200, "{message}");
        message
    }

    /// Waits until message `id` has `status`; the message.
    pub async fn until_status(&self, id: &str, status: &str) -> Value {
        eventually(
            &format!("message {id} becomes {status}"),
            WITHIN,
            || async {
                let message = self.message(id).await;
                (message["status"] == status).then_some(message)
            },
        )
        .await
    }

    /// Waits until each message of `ids` is `sent`, then checks fake Meta accepted exactly one
    /// send per message (as many sends as messages, each carrying a different message id) and
    /// answers those sends.
    pub async fn assert_each_sent_once(&self, ids: &[String]) -> Vec<SentMessage> {
        for id in ids {
            self.until_status(id, "sent").await;
        }
        let sent = self.meta.sent_messages();
        assert_eq!(sent.len(), ids.len(), "one send per message");
        let distinct: HashSet<_> = sent
            .iter()
            .filter_map(|m| m.callback_data.clone())
            .collect();
        assert_eq!(distinct.len(), ids.len(), "no message sent twice");
        sent
    }

    /// The messages fake Meta accepted that carry `id` as callback data.
    pub fn sends_of(&self, id: &str) -> usize {
        self.meta
            .sent_messages()
            .iter()
            .filter(|sent| sent.callback_data.as_deref() == Some(id))
            .count()
    }

    /// Stops the application.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

/// A text request.
pub fn text(body: &str) -> Value {
    json!({"type": "text", "text": {"body": body}})
}

/// A scripted Meta error answer for `times` calls (`accept_first`: Meta took the message).
pub fn meta_error(http_status: u16, code: i64, times: usize, accept_first: bool) -> Fault {
    Fault {
        action: FaultAction::MetaError {
            http_status,
            code,
            subcode: None,
            message: "scripted".to_owned(),
            details: Some("scripted by the test".to_owned()),
        },
        times,
        accept_first,
    }
}
