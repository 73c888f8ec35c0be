//! The fake's HTTP surface: one dispatcher that resolves the route, records the call, waits,
//! applies scripted faults and the bearer check, then hands over to the route's handler.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::faults::{FakeRoute, FaultAction};
use super::reply::Reply;
use super::state::{RecordedCall, State};
use super::webhooks::AutoStatuses;
use super::{handlers, multipart};

/// What the handlers share with the test-side handle.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    /// `Some`: the one accepted token; `None`: any non-empty token.
    pub(crate) access_token: Option<String>,
    /// `http://127.0.0.1:<port>`, for download URLs.
    pub(crate) base_url: String,
    pub(crate) auto_statuses: Option<AutoStatuses>,
    pub(crate) check_templates: bool,
    pub(crate) approve_templates_after: Option<Duration>,
    pub(crate) client: reqwest::Client,
}

impl Shared {
    /// The state, even if a panicking test poisoned the lock.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn authorized(&self, req: &HttpRequest) -> bool {
        let token = req
            .headers()
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        match (token, &self.access_token) {
            (Some(given), Some(expected)) => given == expected,
            (Some(given), None) => !given.is_empty(),
            (None, _) => false,
        }
    }
}

/// The parsed request handed to handlers.
pub(crate) struct Call {
    pub(crate) route: FakeRoute,
    /// The id in the path: phone number, WABA or media id.
    pub(crate) id: String,
    pub(crate) query: HashMap<String, String>,
    pub(crate) json: Value,
    pub(crate) parts: Vec<multipart::Part>,
}

/// Every request comes here.
pub(crate) async fn dispatch(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let call = parse(&req, &body);
    let index = record(&shared, &req, &call);
    let (latency, fault) = {
        let mut state = shared.lock();
        (state.latency.sample(), state.take_fault(call.route))
    };
    tokio::time::sleep(latency).await;
    let authorized = shared.authorized(&req);
    let handle = |shared: &web::Data<Shared>| {
        if authorized {
            handlers::handle(shared, &call)
        } else {
            Reply::bad_token()
        }
    };
    let reply = match fault {
        None => handle(&shared),
        Some(fault) => {
            let handled = (fault.accept_first || matches!(fault.action, FaultAction::Hang(_)))
                .then(|| handle(&shared));
            match (fault.action, handled) {
                (FaultAction::Hang(wait), handled) => {
                    tokio::time::sleep(wait).await;
                    handled.unwrap_or_else(|| handle(&shared))
                }
                (FaultAction::Http(status), _) => Reply::text(status, "Service Unavailable"),
                (
                    FaultAction::MetaError {
                        http_status,
                        code,
                        subcode,
                        message,
                        details,
                    },
                    _,
                ) => Reply::meta_error(http_status, code, subcode, &message, details.as_deref()),
            }
        }
    };
    if let Some(recorded) = shared.lock().calls.get_mut(index) {
        recorded.status = Some(reply.status);
    }
    tracing::info!(
        http.method = %req.method(),
        fake.route = ?call.route,
        http.status = reply.status,
        "fake Meta answered"
    );
    reply.into_response()
}

fn parse(req: &HttpRequest, body: &[u8]) -> Call {
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let parts = multipart::boundary(content_type)
        .and_then(|boundary| multipart::parse(body, &boundary))
        .unwrap_or_default();
    let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let query = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default();
    let segments: Vec<&str> = req.path().trim_matches('/').split('/').collect();
    let method = req.method().as_str();
    let (route, id) = resolve(method, &segments, &json);
    Call {
        route,
        id,
        query,
        json,
        parts,
    }
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            [major, minor]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn resolve(method: &str, segments: &[&str], json: &Value) -> (FakeRoute, String) {
    use FakeRoute::*;
    let route = match (method, segments) {
        ("GET", ["whatsapp_business", "attachments"]) => DownloadMedia,
        (_, [version, ..]) if !is_version(version) => Unknown,
        ("POST", [_, _, "messages"]) if json["status"] == "read" => MarkRead,
        ("POST", [_, _, "messages"]) => SendMessage,
        ("POST", [_, _, "media"]) => UploadMedia,
        ("GET", [_, _]) => MediaInfo,
        ("DELETE", [_, _]) => DeleteMedia,
        ("GET", [_, _, "message_templates"]) => ListTemplates,
        ("POST", [_, _, "message_templates"]) => CreateTemplate,
        ("DELETE", [_, _, "message_templates"]) => DeleteTemplate,
        ("GET", [_, _, "whatsapp_business_profile"]) => GetProfile,
        ("POST", [_, _, "whatsapp_business_profile"]) => UpdateProfile,
        _ => Unknown,
    };
    let id = match route {
        DownloadMedia | Unknown => String::new(),
        _ => segments.get(1).copied().unwrap_or_default().to_owned(),
    };
    (route, id)
}

fn record(shared: &Shared, req: &HttpRequest, call: &Call) -> usize {
    let body = if call.parts.is_empty() {
        call.json.clone()
    } else {
        let mut summary = json!({});
        for part in &call.parts {
            summary[&part.name] = match &part.filename {
                Some(filename) => json!({"filename": filename, "content_type": part.content_type,
                                          "size_bytes": part.data.len()}),
                None => json!(String::from_utf8_lossy(&part.data)),
            };
        }
        summary
    };
    let version = req
        .path()
        .trim_matches('/')
        .split('/')
        .next()
        .filter(|v| is_version(v))
        .map(str::to_owned);
    let mut state = shared.lock();
    state.calls.push(RecordedCall {
        route: call.route,
        method: req.method().to_string(),
        path: req.path().to_owned(),
        query: req.query_string().to_owned(),
        version,
        body,
        status: None,
        authorized: shared.authorized(req),
        received_at: Instant::now(),
    });
    state.calls.len() - 1
}
