//! What the fake Meta holds: the request log, accepted messages, media, templates, profiles.

use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::faults::{FakeRoute, Fault, Latency, TokenBucket};
use super::webhooks::WebhookTarget;

/// One request as the fake received it. The bearer token is never kept, only whether it was
/// accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCall {
    /// Which route it hit.
    pub route: FakeRoute,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The raw query string, empty when none.
    pub query: String,
    /// The Graph API version in the path (`v23.0`), when there is one.
    pub version: Option<String>,
    /// The JSON body; for multipart uploads `{messaging_product, type, file: {filename,
    /// content_type, size_bytes}}`; `Null` when there was none or it was not JSON.
    pub body: Value,
    /// The status answered; `None` while the answer is pending (or the client gave up).
    pub status: Option<u16>,
    /// Whether the bearer token was accepted.
    pub authorized: bool,
    /// When the request arrived.
    pub received_at: Instant,
}

/// A message the fake accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The wamid the fake returned.
    pub wamid: String,
    /// The sending number.
    pub phone_number_id: String,
    /// `to` as given.
    pub to: String,
    /// The recipient's digits (what `contacts[0].wa_id` and statuses report).
    pub wa_id: String,
    /// The message `type`.
    pub kind: String,
    /// The whole request body.
    pub body: Value,
    /// `biz_opaque_callback_data`, echoed in status webhooks.
    pub callback_data: Option<String>,
    /// When it was accepted.
    pub accepted_at: Instant,
}

/// A media file held by the fake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMedia {
    /// The number that owns it.
    pub phone_number_id: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub mime_type: String,
    /// Hex SHA-256 of the content as uploaded.
    pub sha256: String,
}

/// A template held by the fake.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeTemplate {
    /// Meta-style numeric id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Language code.
    pub language: String,
    /// Upper-case category.
    pub category: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, ...
    pub status: String,
    /// Components as created.
    pub components: Value,
}

impl FakeTemplate {
    /// How many body placeholders (`{{…}}`) the template has.
    pub(crate) fn body_placeholders(&self) -> Option<usize> {
        let components = self.components.as_array()?;
        let body = components.iter().find(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("body"))
        })?;
        Some(body["text"].as_str()?.matches("{{").count())
    }

    /// The template as Meta lists it.
    pub(crate) fn to_json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "language": self.language,
               "status": self.status, "category": self.category,
               "components": self.components})
    }
}

/// A download URL handed out by `GET /{media_id}`.
#[derive(Debug, Clone)]
pub(crate) struct IssuedUrl {
    pub(crate) media_id: String,
    pub(crate) expires_at: Instant,
}

/// Everything mutable, behind one lock.
pub(crate) struct State {
    pub(crate) calls: Vec<RecordedCall>,
    pub(crate) faults: HashMap<FakeRoute, VecDeque<Fault>>,
    pub(crate) latency: Latency,
    pub(crate) throughput: Option<u32>,
    pub(crate) buckets: HashMap<String, TokenBucket>,
    pub(crate) messages: Vec<SentMessage>,
    pub(crate) media: HashMap<String, StoredMedia>,
    pub(crate) urls: HashMap<String, IssuedUrl>,
    pub(crate) media_url_ttl: Duration,
    pub(crate) templates: Vec<FakeTemplate>,
    pub(crate) profiles: HashMap<String, Value>,
    pub(crate) webhook: Option<WebhookTarget>,
    pub(crate) seq: u64,
}

impl State {
    pub(crate) fn new(
        latency: Latency,
        throughput: Option<u32>,
        webhook: Option<WebhookTarget>,
    ) -> Self {
        Self {
            calls: Vec::new(),
            faults: HashMap::new(),
            latency,
            throughput,
            buckets: HashMap::new(),
            messages: Vec::new(),
            media: HashMap::new(),
            urls: HashMap::new(),
            media_url_ttl: Duration::from_secs(300),
            templates: Vec::new(),
            profiles: HashMap::new(),
            webhook,
            seq: 0,
        }
    }

    /// A fresh number for ids.
    pub(crate) fn next(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Takes the next scripted fault of `route`, if any.
    pub(crate) fn take_fault(&mut self, route: FakeRoute) -> Option<Fault> {
        let queue = self.faults.get_mut(&route)?;
        let front = queue.front_mut()?;
        let fault = front.clone();
        front.times -= 1;
        if front.times == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    /// Whether `phone_number_id` may send one more message now (token bucket).
    pub(crate) fn admit(&mut self, phone_number_id: &str) -> bool {
        let Some(rate) = self.throughput else {
            return true;
        };
        self.buckets
            .entry(phone_number_id.to_owned())
            .or_insert_with(|| TokenBucket::full(rate))
            .take(rate)
    }

    /// The profile of a number, created with defaults on first use.
    pub(crate) fn profile(&mut self, phone_number_id: &str) -> &mut Value {
        self.profiles
            .entry(phone_number_id.to_owned())
            .or_insert_with(|| {
                json!({"about": "Hello from the fake Meta", "address": "", "description": "",
                       "email": "", "profile_picture_url": "", "websites": [],
                       "vertical": "OTHER", "messaging_product": "whatsapp"})
            })
    }
}
