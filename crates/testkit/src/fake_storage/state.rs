//! What the fake Storage holds: buckets, objects, signed-URL tokens, the log and the faults.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::fake_meta::Latency;

/// The routes faults can be injected into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageRoute {
    /// Every route.
    Any,
    /// `POST`/`PUT /object/{bucket}/{path}`.
    Upload,
    /// `GET /object/{bucket}/{path}` and `/object/authenticated/…`.
    Download,
    /// `GET /object/public/{bucket}/{path}`.
    PublicDownload,
    /// `POST /object/sign/{bucket}/{path}`.
    Sign,
    /// `GET /object/sign/{bucket}/{path}?token=…`.
    SignedDownload,
    /// `DELETE /object/{bucket}/{path}` and `DELETE /object/{bucket}`.
    Delete,
    /// `POST /object/list/{bucket}`.
    List,
    /// The `/bucket` routes.
    Bucket,
}

/// A scripted misbehaviour: wait `delay`, then answer `status` (Storage's error shape).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fault {
    /// Answer this status instead of the real answer (as `statusCode`; 500 and 429 as HTTP too).
    pub status: Option<u16>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Misbehave for this many requests, then behave (forever when `None`).
    pub times: Option<u32>,
}

impl Fault {
    /// Answer `status` at once.
    pub const fn status(status: u16) -> Self {
        Self {
            status: Some(status),
            delay: None,
            times: None,
        }
    }

    /// Answer normally, after `delay`.
    pub const fn delay(delay: Duration) -> Self {
        Self {
            status: None,
            delay: Some(delay),
            times: None,
        }
    }

    /// The same fault for the next `times` matching requests only.
    #[must_use]
    pub const fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }
}

/// One request as the fake saw it (headers left out: they carry keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path without the query, e.g. `/storage/v1/object/media/wa/1/2`.
    pub path: String,
    /// The raw query string, empty when none.
    pub query: String,
    /// The status the fake answered.
    pub status: u16,
}

/// A bucket and its limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The bucket id (also its name).
    pub id: String,
    /// Whether `/object/public/…` serves its objects.
    pub public: bool,
    /// The largest object it accepts, in bytes.
    pub file_size_limit: Option<u64>,
    /// The content types it accepts (`image/*` wildcards allowed); any when `None`.
    pub allowed_mime_types: Option<Vec<String>>,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Bucket {
    /// Whether `content_type` (parameters ignored) may be stored.
    pub(crate) fn allows(&self, content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        self.allowed_mime_types.as_ref().is_none_or(|allowed| {
            allowed
                .iter()
                .any(|pattern| match pattern.strip_suffix("/*") {
                    Some(kind) => essence.split('/').next() == Some(kind),
                    None => pattern.eq_ignore_ascii_case(essence),
                })
        })
    }
}

/// An object as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// Storage's object id.
    pub id: Uuid,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The `Content-Type` it was uploaded with.
    pub content_type: String,
    /// First upload.
    pub created_at: OffsetDateTime,
    /// Last upload.
    pub updated_at: OffsetDateTime,
}

/// A signed-URL token: which object it opens, until when.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) bucket: String,
    pub(crate) path: String,
    pub(crate) expires_at: i64,
}

/// Everything the server and the test share, behind one mutex (never held across an await).
#[derive(Default)]
pub(crate) struct State {
    pub(crate) buckets: BTreeMap<String, Bucket>,
    /// `(bucket, path)` → object.
    pub(crate) objects: BTreeMap<(String, String), StoredObject>,
    pub(crate) grants: HashMap<String, Grant>,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) faults: HashMap<StorageRoute, Fault>,
    pub(crate) latency: Latency,
    /// Added to the real clock, so a test can let signed URLs expire without waiting.
    pub(crate) clock_offset: Duration,
}

impl State {
    /// The fake's current time.
    pub(crate) fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset
    }
}
