//! A fake Supabase Storage (`/storage/v1`), in memory, for the Supabase `MediaStore` adapter.
//!
//! It listens on `127.0.0.1:<random port>` and speaks the shapes of `docs/supabase.md` §3:
//! upload (`POST`, `x-upsert: true` to replace; `PUT` replaces) answering `{"Id", "Key"}`,
//! authenticated download, public download for public buckets, signed URLs
//! (`POST /object/sign/…` `{"expiresIn"}` → `{"signedURL": "/object/sign/…?token=…"}`, served
//! until they expire on the fake's clock, which [`FakeStorage::advance_clock`] moves), delete one
//! or many (`{"prefixes": […]}`), list, and the `/bucket` routes. Buckets may limit size and
//! content types. Errors use Storage's body `{"statusCode": "404", "error", "message"}`, sent as
//! HTTP 400 (500 and 429 keep their status). Keys: `apikey` must be the service or anon key (else
//! the gateway's 401); only the service key (as bearer, or as `apikey` alone) may touch objects.
//!
//! Differences from real Storage: raw bodies only (no multipart form uploads), no RLS, no
//! `?download=`, image transformations, resumable (TUS) uploads, `/object/info`, move or copy;
//! signed-URL tokens are checked against what the fake issued, not by verifying the JWT.

mod buckets;
mod error;
pub(crate) mod routes;
mod state;

use actix_web::web;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thiserror::Error;
use uuid::Uuid;

pub use crate::fake_meta::Latency;
pub use state::{Bucket, Fault, RecordedRequest, StorageRoute, StoredObject};

use crate::fake_postgrest::{Served, serve};
use routes::Shared;
use state::State;

/// What can go wrong starting the fake.
#[derive(Debug, Error)]
pub enum FakeStorageError {
    /// The listener could not be bound or served.
    #[error("fake Supabase Storage server")]
    Io(#[from] std::io::Error),
}

/// How to start a [`FakeStorage`].
#[derive(Debug, Clone)]
pub struct FakeStorageConfig {
    /// The key that may touch objects (as `apikey`, and as bearer).
    pub service_key: String,
    /// The anon key: a valid `apikey`, refused for objects.
    pub anon_key: String,
    /// The global upload limit (the CLI's default is 50 MiB).
    pub max_upload_bytes: u64,
}

impl Default for FakeStorageConfig {
    fn default() -> Self {
        Self {
            service_key: format!("sb_secret_{}", Uuid::new_v4().simple()),
            anon_key: format!("sb_publishable_{}", Uuid::new_v4().simple()),
            max_upload_bytes: 50 * 1024 * 1024,
        }
    }
}

/// A running fake Supabase Storage; stops when dropped.
pub struct FakeStorage {
    served: Arc<Served>,
    shared: web::Data<Shared>,
}

impl FakeStorage {
    /// Starts a fake with fresh random keys and no bucket. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound.
    pub async fn start() -> Result<Self, FakeStorageError> {
        Self::start_with(FakeStorageConfig::default()).await
    }

    /// Starts a fake as `config` says. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound.
    pub async fn start_with(config: FakeStorageConfig) -> Result<Self, FakeStorageError> {
        let shared = Self::shared(config);
        let data = shared.clone();
        let served = serve(move |cfg| {
            Self::mount(cfg, &data);
            cfg.default_service(web::to(not_found));
        })?;
        Ok(Self::attached(Arc::new(served), shared))
    }

    /// The state a server needs for `config`.
    pub(crate) fn shared(config: FakeStorageConfig) -> web::Data<Shared> {
        web::Data::new(Shared {
            state: Mutex::new(State::default()),
            service_key: config.service_key,
            anon_key: config.anon_key,
            signing_secret: format!("fake-storage-secret-{}", Uuid::new_v4().simple()),
            max_upload_bytes: config.max_upload_bytes,
        })
    }

    /// Registers the `/storage/v1` routes and their data on a server being built.
    pub(crate) fn mount(cfg: &mut web::ServiceConfig, shared: &web::Data<Shared>) {
        let limit = usize::try_from(shared.max_upload_bytes).unwrap_or(usize::MAX);
        cfg.app_data(shared.clone())
            // Larger than the limit, so an oversized upload gets Storage's answer, not actix's.
            .app_data(web::PayloadConfig::new(limit.saturating_mul(2)))
            .configure(routes::configure);
    }

    /// The handle for a fake served by `served`.
    pub(crate) fn attached(served: Arc<Served>, shared: web::Data<Shared>) -> Self {
        Self { served, shared }
    }

    /// `http://127.0.0.1:<port>`, the project URL.
    pub fn url(&self) -> &str {
        &self.served.base_url
    }

    /// `<url>/storage/v1`, to which a `signedURL` is relative.
    pub fn storage_url(&self) -> String {
        format!("{}/storage/v1", self.served.base_url)
    }

    /// The service key.
    pub fn service_key(&self) -> &str {
        &self.shared.service_key
    }

    /// The anon key.
    pub fn anon_key(&self) -> &str {
        &self.shared.anon_key
    }

    /// Creates (or replaces) a bucket without limits.
    pub fn create_bucket(&self, id: &str, public: bool) {
        self.add_bucket(id, public, None, None);
    }

    /// Creates (or replaces) a bucket with a size limit and allowed content types.
    pub fn add_bucket(
        &self,
        id: &str,
        public: bool,
        file_size_limit: Option<u64>,
        allowed_mime_types: Option<Vec<String>>,
    ) {
        let mut state = self.shared.lock();
        let bucket = Bucket {
            id: id.to_owned(),
            public,
            file_size_limit,
            allowed_mime_types,
            created_at: state.now(),
        };
        state.buckets.insert(id.to_owned(), bucket);
    }

    /// Every bucket.
    pub fn buckets(&self) -> Vec<Bucket> {
        self.shared.lock().buckets.values().cloned().collect()
    }

    /// The object at `path` in `bucket`.
    pub fn object(&self, bucket: &str, path: &str) -> Option<StoredObject> {
        self.shared
            .lock()
            .objects
            .get(&(bucket.to_owned(), path.to_owned()))
            .cloned()
    }

    /// The paths of every object in `bucket`, sorted.
    pub fn paths(&self, bucket: &str) -> Vec<String> {
        self.shared
            .lock()
            .objects
            .keys()
            .filter(|(owner, _)| owner == bucket)
            .map(|(_, path)| path.clone())
            .collect()
    }

    /// Moves the fake's clock forward (signed URLs expire by it), so tests never sleep.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.lock().clock_offset += by;
    }

    /// Waits this long before answering each request.
    pub fn set_latency(&self, latency: Latency) {
        self.shared.lock().latency = latency;
    }

    /// Makes `route` misbehave as `fault` says until cleared (or `times` runs out).
    pub fn inject(&self, route: StorageRoute, fault: Fault) {
        self.shared.lock().faults.insert(route, fault);
    }

    /// Makes every route behave again.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }
}

pub(crate) async fn not_found() -> actix_web::HttpResponse {
    error::StorageError::new(404, "not_found", "Route not found").into_response()
}
