//! A PostgREST-protocol test server over a real test database, for the `inbox-supabase` adapters.
//!
//! It listens on `127.0.0.1:<random port>` and answers under `/rest/v1` as PostgREST 12.2 does
//! behind Supabase's gateway (`docs/supabase.md` §1), running each request in one transaction on
//! the database it was started with. Identifiers come only from the catalog (a schema cache of
//! the `public` schema, reloaded when a request names something unknown, or with
//! [`FakePostgrest::reload_schema`]); values are always bound parameters, cast to the column type.
//!
//! # Implemented
//! - Keys: `apikey` must be the service or anon key (else the gateway's 401 `{"message",
//!   "hint"}`); the bearer (or, without one, the `apikey`) must be the service key: the anon key
//!   gets 401 `42501`, anything else 401 `PGRST301`. The key's JWT payload becomes
//!   `request.jwt.claims`.
//! - `GET/HEAD/POST/PATCH/DELETE /rest/v1/<table or view>`: filters `eq neq gt gte lt lte like ilike
//!   is in cs cd`, `not.`, `or=(…)`/`and=(…)` (nested, with quoted values); `select=` with
//!   `*`, columns, `alias:col`, `col::type`; `order=` (several, `asc|desc`,
//!   `nullsfirst|nullslast`); `limit`, `offset`, `Range`; `Prefer: return=minimal|representation`,
//!   `resolution=merge-duplicates|ignore-duplicates` with `on_conflict=` (else the primary key),
//!   `count=exact` (`Content-Range`, 206, 416 `PGRST103`); `columns=`; bulk insert of a uniform
//!   array (`PGRST102` otherwise); single-object `Accept` (406 `PGRST116`, rolled back on writes).
//! - `POST /rest/v1/rpc/<fn>` with named JSON arguments (typed from `pg_proc`, defaults may be
//!   omitted; a single unnamed `json`/`jsonb` parameter takes the whole body) and `GET` with the
//!   arguments in the query (read-only transaction: a writing function fails with 405 `25006`).
//!   `void` → 204; a scalar → the bare JSON value; one composite → an object; `SETOF`/`TABLE` → an
//!   array that takes filters, `select`, `order`, `limit`, `offset` and single-object `Accept`.
//!   No match: 404 `PGRST202`; several: 300 `PGRST203`.
//! - Errors: PostgreSQL's `{"code", "message", "details", "hint"}` with PostgREST's status table
//!   (`RAISE SQLSTATE 'PTxyz'` answers `xyz`); unknown table 404 `42P01`, unknown column 400
//!   `42703`, unknown written key 400 `PGRST204`, bad query 400 `PGRST100`, other schema in
//!   `Accept-Profile`/`Content-Profile` 406 `PGRST106`.
//! - Each transaction runs with `TimeZone` UTC, as Supabase's databases do.
//! - Test controls: latency ([`Latency`]), faults per table, function or everything ([`Fault`]),
//!   a request log ([`RecordedRequest`]).
//!
//! # Differences from real PostgREST
//! No resource embedding, JSON paths (`->`, `->>`), `PUT`, full-text or range operators,
//! `missing=default`, `handling=strict`, `max-affected`, planned/estimated counts (both are
//! exact), roles or row-level security (everything runs as the test database's superuser),
//! `Location` headers, or a `max-rows` cap. Column order in a bulk insert follows the keys'
//! sorted order, which never shows in the result.

mod catalog;
mod error;
mod exec;
mod filter;
mod plan;
mod request;
mod routes;
mod served;
mod shared;
mod sql;
mod state;
mod supabase;
#[cfg(test)]
mod tests;

use actix_web::web;
use std::sync::{Arc, Mutex};
use thiserror::Error;
use uuid::Uuid;

pub use crate::fake_meta::Latency;
pub use state::{Fault, FaultTarget, RecordedRequest};

pub use supabase::{FakeSupabase, FakeSupabaseError};

pub(crate) use served::{Served, serve};
use shared::{Inner, Shared};

/// What can go wrong starting the fake.
#[derive(Debug, Error)]
pub enum FakePostgrestError {
    /// The listener could not be bound or served.
    #[error("fake PostgREST server")]
    Io(#[from] std::io::Error),
}

/// How to start a [`FakePostgrest`].
#[derive(Debug, Clone)]
pub struct FakePostgrestConfig {
    /// The database requests run against.
    pub pg: tokio_postgres::Config,
    /// The key that grants `service_role` (as `apikey`, and as bearer).
    pub service_key: String,
    /// The anon key: a valid `apikey`, refused as a bearer for data.
    pub anon_key: String,
}

impl FakePostgrestConfig {
    /// Serves `db` with fresh random keys (`sb_secret_…`, `sb_publishable_…`).
    pub fn new(db: &crate::db::TestDatabase) -> Self {
        Self {
            pg: db.pg_config(),
            service_key: format!("sb_secret_{}", Uuid::new_v4().simple()),
            anon_key: format!("sb_publishable_{}", Uuid::new_v4().simple()),
        }
    }

    /// The same with the given keys (e.g. those of a `FakeSupabaseAuth`).
    #[must_use]
    pub fn with_keys(mut self, service_key: &str, anon_key: &str) -> Self {
        service_key.clone_into(&mut self.service_key);
        anon_key.clone_into(&mut self.anon_key);
        self
    }
}

/// A running fake PostgREST; stops when dropped.
pub struct FakePostgrest {
    served: Arc<Served>,
    shared: web::Data<Shared>,
}

impl FakePostgrest {
    /// Serves `db` with fresh random keys. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound.
    pub async fn start(db: &crate::db::TestDatabase) -> Result<Self, FakePostgrestError> {
        Self::start_with(FakePostgrestConfig::new(db)).await
    }

    /// Serves as `config` says. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Io` when no local port can be bound.
    pub async fn start_with(config: FakePostgrestConfig) -> Result<Self, FakePostgrestError> {
        let shared = Self::shared(config);
        let data = shared.clone();
        let served = served::serve(move |cfg| {
            Self::mount(cfg, &data);
            cfg.default_service(web::to(routes::not_found));
        })?;
        Ok(Self::attached(Arc::new(served), shared))
    }

    /// The handle for a fake served by `served`.
    pub(crate) fn attached(served: Arc<Served>, shared: web::Data<Shared>) -> Self {
        Self { served, shared }
    }

    /// The state a server needs for `config`.
    pub(crate) fn shared(config: FakePostgrestConfig) -> web::Data<Shared> {
        web::Data::new(Shared {
            pg: config.pg,
            service_key: config.service_key,
            anon_key: config.anon_key,
            inner: Mutex::new(Inner::default()),
        })
    }

    /// Registers the `/rest/v1` routes and their data on a server being built.
    pub(crate) fn mount(cfg: &mut web::ServiceConfig, shared: &web::Data<Shared>) {
        cfg.app_data(shared.clone())
            .app_data(web::PayloadConfig::new(64 * 1024 * 1024))
            .configure(routes::configure);
    }

    /// `http://127.0.0.1:<port>`, the project URL.
    pub fn url(&self) -> &str {
        &self.served.base_url
    }

    /// `<url>/rest/v1`.
    pub fn rest_url(&self) -> String {
        format!("{}/rest/v1", self.served.base_url)
    }

    /// The service key.
    pub fn service_key(&self) -> &str {
        &self.shared.service_key
    }

    /// The anon key.
    pub fn anon_key(&self) -> &str {
        &self.shared.anon_key
    }

    /// Forgets the schema cache (as `NOTIFY pgrst, 'reload schema'` does); the next request
    /// reads the catalog again.
    pub fn reload_schema(&self) {
        self.shared.lock().catalog = None;
    }

    /// Waits this long before answering each request.
    pub fn set_latency(&self, latency: Latency) {
        self.shared.lock().latency = latency;
    }

    /// Makes requests to `target` misbehave as `fault` says until cleared (or `times` runs out).
    /// The first matching fault, in injection order, applies.
    pub fn inject(&self, target: FaultTarget, fault: Fault) {
        self.shared.lock().faults.push((target, fault));
    }

    /// Makes every request behave again.
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
