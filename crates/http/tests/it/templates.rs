//! The template routes against the fake Meta: list filters, sync, create and delete, and how
//! Meta's errors reach the client.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use inbox_domain::ports::{Storage, TemplateRepo};
use inbox_domain::{Account, AccountId, DisplayPhoneNumber, NewAccount, PhoneNumberId, WabaId};
use inbox_http::{AppState, AuthOptions, ServeOptions, install_metrics_recorder, serve};
use inbox_memory::MemoryStore;
use inbox_testkit::agents::TestTokens;
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Fault};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use serde_json::{Value, json};

use crate::helpers::client_with_token;

/// An app with a template store and a gateway pointed at a fake Meta.
struct TemplatesApp {
    address: String,
    client: reqwest::Client,
    fake: FakeMeta,
    account: Account,
    templates: Arc<dyn TemplateRepo>,
    handle: ServerHandle,
}

impl Drop for TemplatesApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

impl TemplatesApp {
    async fn start() -> Self {
        let fake = FakeMeta::start().await.expect("fake Meta starts");
        let store = Arc::new(MemoryStore::new());
        let storage: Storage = store.clone().storage();
        let templates: Arc<dyn TemplateRepo> = store;
        let gateway = GraphGateway::new(GraphConfig::local_fake(fake.url())).expect("gateway");
        let tokens = TestTokens::new();
        let admin = inbox_testkit::agents::admin(&storage, &tokens).await;
        let token = fake.access_token().unwrap_or("token").to_owned();
        let account = storage
            .accounts
            .create(NewAccount {
                id: AccountId::generate(),
                name: "Support".into(),
                phone_number_id: PhoneNumberId::parse("106540352242922").unwrap(),
                waba_id: WabaId::parse("102290129340398").unwrap(),
                display_phone_number: DisplayPhoneNumber::parse("+15550783881").unwrap(),
                access_token: token.into(),
                app_secret: "secret".to_owned().into(),
                verify_token: "verify".to_owned().into(),
            })
            .await
            .unwrap();
        let state = AppState::new(storage, install_metrics_recorder())
            .with_auth(AuthOptions {
                verifier: tokens.verifier(),
                ..AuthOptions::default()
            })
            .with_templates(templates.clone())
            .with_gateway(Arc::new(gateway));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let options = ServeOptions {
            workers: 1,
            shutdown_timeout: Duration::from_secs(1),
            worker_storage: None,
        };
        let server = serve(listener, state, options).expect("start the server");
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            address: format!("http://127.0.0.1:{port}"),
            client: client_with_token(&admin.token),
            fake,
            account,
            templates,
            handle,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/accounts/{}{path}", self.address, self.account.id)
    }

    async fn sync(&self) -> (u16, Value) {
        let response = self
            .client
            .post(self.url("/templates/sync"))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    async fn list(&self, query: &str) -> Vec<(String, String)> {
        let response = self
            .client
            .get(self.url(&format!("/templates{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "list {query}");
        let body: Value = response.json().await.unwrap();
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap().to_owned(),
                    t["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

fn welcome() -> Value {
    json!({
        "name": "welcome",
        "language": "en_US",
        "category": "utility",
        "components": [{"type": "BODY", "text": "Welcome, {{1}}", "example": {"body_text": [["Ana"]]}}],
    })
}

#[tokio::test]
async fn sync_pulls_every_page_from_meta_and_marks_vanished_templates_deleted() {
    let app = TemplatesApp::start().await;
    for i in 0..120 {
        app.fake
            .add_template(&format!("promo_{i:03}"), "en_US", "APPROVED", "Hi");
    }
    app.fake
        .add_template("shipping", "en_US", "PENDING", "Shipped {{1}}");
    let (status, report) = app.sync().await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["listed"], 121, "every page: {report}");
    assert_eq!(report["upserted"], 121);
    assert_eq!(report["deleted"], 0);
    assert!(
        app.fake.calls_to(FakeRoute::ListTemplates).len() >= 2,
        "paged"
    );

    app.fake.set_template_status("shipping", "APPROVED");
    let (_, report) = app.sync().await;
    assert_eq!(report["upserted"], 1, "{report}");
    assert_eq!(
        report["status_changed"],
        json!([{"name": "shipping", "language": "en_US", "status": "approved"}])
    );
    let approved = app.list("?status=approved&limit=100").await;
    assert_eq!(approved.len(), 100, "a full page of approved ones");
}

#[tokio::test]
async fn list_filters_by_status_and_category_and_refuses_unknown_values() {
    let app = TemplatesApp::start().await;
    app.fake
        .add_template("approved_one", "en_US", "APPROVED", "A");
    app.fake
        .add_template("pending_one", "en_US", "PENDING", "P");
    app.sync().await;

    assert_eq!(
        app.list("?status=approved").await,
        vec![("approved_one".to_owned(), "approved".to_owned())]
    );
    assert_eq!(app.list("?category=utility").await.len(), 2);
    assert!(app.list("?category=marketing").await.is_empty());
    for bad in ["?status=shiny", "?category=spam", "?limit=0"] {
        let response = app
            .client
            .get(app.url(&format!("/templates{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn create_submits_to_meta_and_stores_the_pending_template() {
    let app = TemplatesApp::start().await;
    let response = app
        .client
        .post(app.url("/templates"))
        .json(&welcome())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "pending");
    assert_eq!(body["category"], "utility");
    let meta = app.fake.templates();
    assert_eq!(meta.len(), 1);
    assert_eq!(body["meta_template_id"], meta[0].id);
    assert_eq!(
        app.list("").await,
        vec![("welcome".to_owned(), "pending".to_owned())]
    );

    let again = app
        .client
        .post(app.url("/templates"))
        .json(&welcome())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422, "Meta refuses a duplicate");
    let error: Value = again.json().await.unwrap();
    assert_eq!(error["error"]["code"], "meta_rejected");
}

#[tokio::test]
async fn create_without_a_body_component_is_refused_before_meta_is_called() {
    let app = TemplatesApp::start().await;
    let mut body = welcome();
    body["components"] = json!([{"type": "FOOTER", "text": "bye"}]);
    let response = app
        .client
        .post(app.url("/templates"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(app.fake.calls_to(FakeRoute::CreateTemplate).is_empty());
}

#[tokio::test]
async fn delete_removes_the_template_at_meta_and_marks_ours_deleted() {
    let app = TemplatesApp::start().await;
    app.client
        .post(app.url("/templates"))
        .json(&welcome())
        .send()
        .await
        .unwrap();
    let response = app
        .client
        .delete(app.url("/templates/welcome"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(app.fake.templates().is_empty(), "gone at Meta");
    assert!(app.list("").await.is_empty(), "deleted ones are left out");
    assert_eq!(
        app.list("?status=deleted").await,
        vec![("welcome".to_owned(), "deleted".to_owned())]
    );
    let stored = app
        .templates
        .count_auto_created_since(app.account.id, time::OffsetDateTime::UNIX_EPOCH)
        .await
        .unwrap();
    assert_eq!(stored, 0, "created through the API, not auto-created");
}

#[tokio::test]
async fn meta_unavailable_answers_503_and_refused_credentials_502() {
    let app = TemplatesApp::start().await;
    app.fake
        .inject(FakeRoute::ListTemplates, Fault::throughput());
    let (status, body) = app.sync().await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (503, Some("meta_unavailable"))
    );
    app.fake.clear_faults();
    app.fake.inject(
        FakeRoute::ListTemplates,
        Fault::meta(401, 190, "Invalid OAuth access token"),
    );
    let (status, body) = app.sync().await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (502, Some("meta_credentials_refused"))
    );
}
