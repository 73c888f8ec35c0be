//! A webhook-ready application for end-to-end tests: one database, one account, signed posts,
//! reads through the API, and a wait for the queue to drain.

use std::collections::BTreeMap;
use std::time::Duration;

use inbox_server::config::StorageMode;
use inbox_testkit::db::TestDatabase;
use inbox_testkit::webhook::{Delivery, PHONE_NUMBER_ID};
use serde_json::Value;
use tempfile::TempDir;

use crate::helpers::{TestApp, account_body, eventually, settings, shared_tempdir};

/// `account_body`'s app secret.
pub const SECRET: &str = "app-secret-value";
/// A customer.
pub const CUSTOMER: &str = "16505551234";
/// How long a stored delivery may take to show.
pub const WITHIN: Duration = Duration::from_secs(10);

/// An application on its own database with one account for [`PHONE_NUMBER_ID`].
pub struct Inbox {
    pub app: TestApp,
    pub account: String,
    _db: TestDatabase,
    _dir: TempDir,
}

impl Inbox {
    pub async fn start() -> Self {
        let db = TestDatabase::new().await.unwrap();
        let dir = shared_tempdir();
        let mut settings = settings(StorageMode::Auto, dir.path(), Some(db.connection_string()));
        settings.webhooks.poll_interval_ms = 100;
        settings.webhooks.rescue_interval_secs = 1;
        let app = TestApp::spawn(settings).await.unwrap();
        let (status, account) = app
            .post_json("/accounts", &account_body(PHONE_NUMBER_ID))
            .await;
        assert_eq!(status, 201, "{account}");
        let account = account["id"].as_str().unwrap().to_owned();
        Self {
            app,
            account,
            _db: db,
            _dir: dir,
        }
    }

    /// Posts `delivery` signed with the account's secret and expects 200.
    pub async fn post(&self, delivery: &Delivery) {
        assert_eq!(
            self.app.post_signed(&delivery.to_bytes(), SECRET).await,
            200
        );
    }

    /// The account's conversations (first page).
    pub async fn conversations(&self) -> Vec<Value> {
        let path = format!("/conversations?account_id={}&limit=100", self.account);
        let (status, page) = self.app.get_json(&path).await;
        assert_eq!(status, 200, "{page}");
        page["items"].as_array().unwrap().clone()
    }

    /// Every message of the account, by wamid.
    pub async fn messages(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for conversation in self.conversations().await {
            let path = format!(
                "/conversations/{}/messages?limit=100",
                conversation["id"].as_str().unwrap()
            );
            let (status, page) = self.app.get_json(&path).await;
            assert_eq!(status, 200, "{page}");
            for message in page["items"].as_array().unwrap() {
                let wamid = message["wamid"].as_str().unwrap_or_default().to_owned();
                assert!(
                    out.insert(wamid, message.clone()).is_none(),
                    "a wamid stored twice"
                );
            }
        }
        out
    }

    /// Deliveries in `state`, newest first.
    pub async fn deliveries(&self, state: &str) -> Vec<Value> {
        let (status, page) = self
            .app
            .get_json(&format!(
                "/admin/webhook-deliveries?state={state}&limit=100"
            ))
            .await;
        assert_eq!(status, 200, "{page}");
        page["items"].as_array().unwrap().clone()
    }

    /// Waits until no delivery is queued, running or waiting for a retry.
    pub async fn drained(&self) {
        eventually("the queue drains", WITHIN, || async {
            for state in ["queued", "running", "retry"] {
                if !self.deliveries(state).await.is_empty() {
                    return None;
                }
            }
            Some(())
        })
        .await;
    }
}
