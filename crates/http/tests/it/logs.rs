//! What reaches the logs: one INFO line per request, no query strings, a 5xx cause logged once.

use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use inbox_domain::RepoError;
use serde_json::Value;

use crate::helpers::{Mocks, seed_account, spawn_app, spawn_with};

/// Every log line of this test process, as JSON, captured by one global subscriber.
static CAPTURED: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

struct Sink(Arc<Mutex<Vec<u8>>>);

impl io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    CAPTURED.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || Sink(writer.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        buffer
    });
}

/// Every captured line inside the request span with this request id.
fn lines_of(request_id: &str) -> Vec<Value> {
    let bytes = CAPTURED.get().unwrap().lock().unwrap().clone();
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["span"]["request_id"] == request_id)
        .collect()
}

fn all_logs() -> String {
    String::from_utf8(CAPTURED.get().unwrap().lock().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn each_request_logs_one_info_line_with_route_status_and_duration_but_no_query_string() {
    capture_logs();
    let app = spawn_app().await;
    let account = seed_account(&app.storage, "106540352242922").await;
    let marker = "qs-marker-4711";

    let response = app
        .get(&format!(
            "/conversations?account_id={}&cursor={marker}",
            account.id
        ))
        .await;

    assert_eq!(response.status().as_u16(), 400);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let lines = lines_of(&request_id);
    assert_eq!(lines.len(), 1, "one line per request: {lines:?}");
    let line = &lines[0];
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["fields"]["message"], "request completed");
    assert_eq!(line["fields"]["http.route"], "/conversations");
    assert_eq!(line["fields"]["http.status_code"], 400);
    assert_eq!(line["fields"]["error.code"], "invalid_cursor");
    assert!(line["fields"]["duration_ms"].as_f64().is_some(), "{line}");
    assert!(
        !all_logs().contains(marker),
        "a query string reached the logs"
    );
}

#[tokio::test]
async fn an_internal_error_logs_its_cause_chain_once_and_nowhere_else() {
    capture_logs();
    let mut mocks = Mocks::new();
    mocks.accounts.expect_list().returning(|| {
        Err(RepoError::Internal(
            "relation cause-marker-0815 does not exist".into(),
        ))
    });
    let app = spawn_with(mocks.into_storage(), None).await;

    let response = app.get("/accounts").await;

    assert_eq!(response.status().as_u16(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let lines = lines_of(&request_id);
    let with_cause: Vec<&Value> = lines
        .iter()
        .filter(|l| l.to_string().contains("cause-marker-0815"))
        .collect();
    assert_eq!(with_cause.len(), 1, "{lines:?}");
    assert_eq!(
        lines.len(),
        2,
        "the cause, then the request line: {lines:?}"
    );
    assert_eq!(with_cause[0]["level"], "ERROR");
    assert_eq!(
        with_cause[0]["fields"]["error.cause_chain"],
        "storage failure: relation cause-marker-0815 does not exist"
    );
}
