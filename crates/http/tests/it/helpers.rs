//! Spawning apps on a random port, seeding storage, and reading error envelopes.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use inbox_domain::ports::{
    IdentityProvider, MockAccountRepo, MockContactRepo, MockConversationRepo, MockMessageRepo,
    MockStorageHealth, MockWebhookQueue, Storage, TokenVerifier,
};
use inbox_domain::{
    Account, AccountId, Contact, Conversation, ConversationId, Direction, Message, MessageId,
    MessageKind, MessageStatus, NewAccount, NewMessage, WaId, Wamid,
};
use inbox_domain::{DisplayPhoneNumber, PhoneNumberId, WabaId};
use inbox_http::{
    AppState, AuthOptions, PoolUsage, ServeOptions, WebhookOptions, install_metrics_recorder, serve,
};
use inbox_testkit::agents::{TestAgent, TestTokens};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// A running app and a client for it; the server stops when this is dropped. The client sends
/// the token of a global admin with every request; `anonymous` sends none.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub anonymous: reqwest::Client,
    pub storage: Storage,
    pub tokens: TestTokens,
    pub admin: TestAgent,
    /// Where the app's filesystem media store keeps profile pictures (removed on drop).
    _media_dir: tempfile::TempDir,
    handle: ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // `stop` sends the command at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request failed")
    }
}

/// An app over a fresh in-memory storage.
pub async fn spawn_app() -> TestApp {
    spawn_with(inbox_memory::storage(), None).await
}

/// An app over `storage`, with an optional fixed pool usage for `/metrics`.
pub async fn spawn_with(storage: Storage, pool: Option<PoolUsage>) -> TestApp {
    spawn_full(storage, pool, None).await
}

/// An app over `storage` whose webhook routes use `options`.
pub async fn spawn_with_webhooks(storage: Storage, options: WebhookOptions) -> TestApp {
    spawn_full(storage, None, Some(options)).await
}

/// An app over fresh memory storage whose tokens `verifier` checks (minted by `tokens`).
pub async fn spawn_with_auth(tokens: TestTokens, verifier: Arc<dyn TokenVerifier>) -> TestApp {
    spawn_app_with(inbox_memory::storage(), None, None, tokens, verifier).await
}

async fn spawn_full(
    storage: Storage,
    pool: Option<PoolUsage>,
    webhooks: Option<WebhookOptions>,
) -> TestApp {
    let tokens = TestTokens::new();
    let verifier = tokens.verifier();
    spawn_app_with(storage, pool, webhooks, tokens, verifier).await
}

/// An app over fresh memory storage whose invitations and deletions go to `identity`.
pub async fn spawn_with_identity(identity: Arc<dyn IdentityProvider>) -> TestApp {
    let tokens = TestTokens::new();
    let verifier = tokens.verifier();
    let storage = inbox_memory::storage();
    spawn_configured(storage, None, None, tokens, verifier, Some(identity)).await
}

async fn spawn_app_with(
    storage: Storage,
    pool: Option<PoolUsage>,
    webhooks: Option<WebhookOptions>,
    tokens: TestTokens,
    verifier: Arc<dyn TokenVerifier>,
) -> TestApp {
    spawn_configured(storage, pool, webhooks, tokens, verifier, None).await
}

async fn spawn_configured(
    storage: Storage,
    pool: Option<PoolUsage>,
    webhooks: Option<WebhookOptions>,
    tokens: TestTokens,
    verifier: Arc<dyn TokenVerifier>,
    identity: Option<Arc<dyn IdentityProvider>>,
) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
    let port = listener.local_addr().expect("local address").port();
    let admin = inbox_testkit::agents::admin(&storage, &tokens).await;
    let mut state =
        AppState::new(storage.clone(), install_metrics_recorder()).with_auth(AuthOptions {
            verifier,
            ..AuthOptions::default()
        });
    if let Some(webhooks) = webhooks {
        state = state.with_webhooks(webhooks);
    }
    if let Some(pool) = pool {
        state = state.with_pool_usage(move || pool);
    }
    if let Some(identity) = identity {
        state = state.with_identity_provider(identity);
    }
    let media_dir = tempfile::tempdir().expect("a media directory");
    let media =
        inbox_filestore::FileStore::open(inbox_filestore::FileStoreConfig::new(media_dir.path()))
            .await
            .expect("a media store");
    state = state.with_media_store(Arc::new(media));
    let options = ServeOptions {
        workers: 1,
        shutdown_timeout: Duration::from_secs(1),
        worker_storage: None,
    };
    let server = serve(listener, state, options).expect("start the server");
    let handle = server.handle();
    tokio::spawn(server);
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: client_with_token(&admin.token),
        anonymous: reqwest::Client::new(),
        storage,
        tokens,
        admin,
        _media_dir: media_dir,
        handle,
    }
}

/// A client that sends `token` as its bearer with every request.
pub fn client_with_token(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Mocks for every port; each test sets the expectations it needs (an unexpected call panics).
pub struct Mocks {
    pub accounts: MockAccountRepo,
    pub contacts: MockContactRepo,
    pub conversations: MockConversationRepo,
    pub messages: MockMessageRepo,
    pub webhooks: MockWebhookQueue,
    pub health: MockStorageHealth,
}

impl Mocks {
    pub fn new() -> Self {
        let mut health = MockStorageHealth::new();
        health.expect_backend().return_const("mock");
        Self {
            accounts: MockAccountRepo::new(),
            contacts: MockContactRepo::new(),
            conversations: MockConversationRepo::new(),
            messages: MockMessageRepo::new(),
            webhooks: MockWebhookQueue::new(),
            health,
        }
    }

    pub fn into_storage(self) -> Storage {
        Storage {
            // Users and roles stay real: the mocked ports are the ones under test.
            access: inbox_memory::storage().access,
            accounts: Arc::new(self.accounts),
            contacts: Arc::new(self.contacts),
            conversations: Arc::new(self.conversations),
            messages: Arc::new(self.messages),
            webhooks: Arc::new(self.webhooks),
            health: Arc::new(self.health),
        }
    }
}

/// A valid `POST /accounts` body whose secrets are easy to search for.
pub fn account_body(phone_number_id: &str) -> Value {
    json!({
        "name": "Sales",
        "phone_number_id": phone_number_id,
        "waba_id": "102290129340398",
        "display_phone_number": "+1 555-078 3881",
        "access_token": "EAAG-secret-access-token",
        "app_secret": "secret-app-secret",
        "verify_token": "secret-verify-token",
    })
}

/// The `{"error": {...}}` of a response, asserting the status first.
pub async fn error_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let body: Value = response.json().await.expect("error body is JSON");
    body.get("error")
        .cloned()
        .unwrap_or_else(|| panic!("no error envelope in {body}"))
}

/// Stores an account directly through the port.
pub async fn seed_account(storage: &Storage, phone_number_id: &str) -> Account {
    storage
        .accounts
        .create(NewAccount {
            id: AccountId::generate(),
            name: "Support".into(),
            phone_number_id: PhoneNumberId::parse(phone_number_id).unwrap(),
            waba_id: WabaId::parse("102290129340398").unwrap(),
            display_phone_number: DisplayPhoneNumber::parse("+15550783881").unwrap(),
            access_token: "token".to_owned().into(),
            app_secret: "secret".to_owned().into(),
            verify_token: "verify".to_owned().into(),
        })
        .await
        .unwrap()
}

/// Stores a contact and opens its conversation.
pub async fn seed_conversation(
    storage: &Storage,
    account: AccountId,
    wa_id: &str,
) -> (Contact, Conversation) {
    let contact = storage
        .contacts
        .upsert_by_wa_id(account, &WaId::parse(wa_id).unwrap(), Some("Ana".into()))
        .await
        .unwrap();
    let conversation = storage
        .conversations
        .open(account, contact.id)
        .await
        .unwrap();
    (contact, conversation)
}

/// Appends an inbound text message sent `minutes_ago`.
pub async fn seed_message(
    storage: &Storage,
    conversation: ConversationId,
    body: &str,
    minutes_ago: i64,
) -> Message {
    let id = MessageId::generate();
    storage
        .messages
        .append(NewMessage {
            id,
            conversation_id: conversation,
            direction: Direction::Inbound,
            kind: MessageKind::Text,
            body: Some(body.into()),
            media: None,
            payload: json!({}),
            wamid: Some(Wamid::parse(&format!("wamid.{}", id.as_uuid().simple())).unwrap()),
            status: MessageStatus::Delivered,
            reply_to_wamid: None,
            sent_at: OffsetDateTime::now_utc() - time::Duration::minutes(minutes_ago),
        })
        .await
        .unwrap()
        .message
}

/// Webhook options with Meta's real verifier; tweak the limits with struct update syntax.
pub fn webhook_options() -> WebhookOptions {
    WebhookOptions {
        verifier: Arc::new(inbox_whatsapp::MetaWebhookVerifier),
        ..WebhookOptions::default()
    }
}

/// Stores an account with the given webhook credentials directly through the port.
pub async fn seed_webhook_account(
    storage: &Storage,
    phone_number_id: &str,
    app_secret: &str,
    verify_token: &str,
) -> Account {
    storage
        .accounts
        .create(NewAccount {
            id: AccountId::generate(),
            name: "Webhooks".into(),
            phone_number_id: PhoneNumberId::parse(phone_number_id).unwrap(),
            waba_id: WabaId::parse("102290129340398").unwrap(),
            display_phone_number: DisplayPhoneNumber::parse("+15550783881").unwrap(),
            access_token: "token".to_owned().into(),
            app_secret: app_secret.to_owned().into(),
            verify_token: verify_token.to_owned().into(),
        })
        .await
        .unwrap()
}

impl TestApp {
    /// POSTs raw bytes to the webhook route with an optional `X-Hub-Signature-256`.
    pub async fn post_webhook(&self, body: Vec<u8>, signature: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/webhook/whatsapp"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("x-hub-signature-256", signature);
        }
        request.send().await.expect("request failed")
    }
}

/// Appends a pending outbound text message (the business's own) sent `minutes_ago`.
pub async fn seed_outbound_text(
    storage: &Storage,
    conversation: ConversationId,
    body: &str,
    minutes_ago: i64,
) -> Message {
    storage
        .messages
        .append(NewMessage {
            id: MessageId::generate(),
            conversation_id: conversation,
            direction: Direction::Outbound,
            kind: MessageKind::Text,
            body: Some(body.into()),
            media: None,
            payload: json!({}),
            wamid: None,
            status: MessageStatus::Pending,
            reply_to_wamid: None,
            sent_at: OffsetDateTime::now_utc() - time::Duration::minutes(minutes_ago),
        })
        .await
        .unwrap()
        .message
}
