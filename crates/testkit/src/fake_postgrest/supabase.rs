//! A whole fake Supabase project on one base URL: Auth (`/auth/v1`, forwarded to a
//! [`FakeSupabaseAuth`]), PostgREST (`/rest/v1`) and Storage (`/storage/v1`), all with the Auth
//! fake's legacy `service_role` and `anon` keys, as `SupabaseProject` forms URLs from one base.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use std::sync::Arc;
use thiserror::Error;

use super::{FakePostgrest, FakePostgrestConfig, served};
use crate::db::TestDatabase;
use crate::fake_auth::{FakeAuthError, FakeSupabaseAuth};
use crate::fake_storage::{FakeStorage, FakeStorageConfig};

/// What can go wrong starting the fake project.
#[derive(Debug, Error)]
pub enum FakeSupabaseError {
    /// The Auth fake could not start.
    #[error("fake Supabase Auth")]
    Auth(#[from] FakeAuthError),
    /// The listener could not be bound or served.
    #[error("fake Supabase server")]
    Io(#[from] std::io::Error),
}

/// Where `/auth/v1` requests go.
struct AuthProxy {
    base: String,
    client: reqwest::Client,
}

/// A running fake Supabase project; stops when dropped.
pub struct FakeSupabase {
    auth: FakeSupabaseAuth,
    rest: FakePostgrest,
    storage: FakeStorage,
    served: Arc<super::Served>,
}

impl FakeSupabase {
    /// Starts Auth, PostgREST over `db`, and Storage (no bucket) behind one base URL. Must be
    /// called inside a Tokio runtime.
    ///
    /// # Errors
    /// `Auth` when the Auth fake cannot start; `Io` when no local port can be bound.
    pub async fn start(db: &TestDatabase) -> Result<Self, FakeSupabaseError> {
        let auth = FakeSupabaseAuth::start().await?;
        let (service_key, anon_key) = (auth.service_key().to_owned(), auth.anon_key().to_owned());
        let rest_shared = FakePostgrest::shared(FakePostgrestConfig {
            pg: db.pg_config(),
            service_key: service_key.clone(),
            anon_key: anon_key.clone(),
        });
        let storage_shared = FakeStorage::shared(FakeStorageConfig {
            service_key,
            anon_key,
            ..FakeStorageConfig::default()
        });
        let proxy = web::Data::new(AuthProxy {
            base: auth.url().to_owned(),
            client: reqwest::Client::new(),
        });
        let (rest_data, storage_data) = (rest_shared.clone(), storage_shared.clone());
        let served = Arc::new(served::serve(move |cfg| {
            FakePostgrest::mount(cfg, &rest_data);
            FakeStorage::mount(cfg, &storage_data);
            cfg.app_data(proxy.clone())
                .default_service(web::to(forward));
        })?);
        Ok(Self {
            auth,
            rest: FakePostgrest::attached(served.clone(), rest_shared),
            storage: FakeStorage::attached(served.clone(), storage_shared),
            served,
        })
    }

    /// `http://127.0.0.1:<port>`, the project URL (`SUPABASE_URL`).
    pub fn url(&self) -> &str {
        &self.served.base_url
    }

    /// The legacy `service_role` key (`SUPABASE_SERVICE_KEY`).
    pub fn service_key(&self) -> &str {
        self.auth.service_key()
    }

    /// The legacy `anon` key (`SUPABASE_KEY`).
    pub fn anon_key(&self) -> &str {
        self.auth.anon_key()
    }

    /// The legacy JWT secret (`SUPABASE_JWT_SECRET`).
    pub fn jwt_secret(&self) -> &str {
        self.auth.jwt_secret()
    }

    /// The Auth fake (its own URL also works; its issuer is that URL's `/auth/v1`).
    pub fn auth(&self) -> &FakeSupabaseAuth {
        &self.auth
    }

    /// The PostgREST fake's controls (schema reload, faults, request log).
    pub fn rest(&self) -> &FakePostgrest {
        &self.rest
    }

    /// The Storage fake's controls (buckets, clock, faults, request log).
    pub fn storage(&self) -> &FakeStorage {
        &self.storage
    }
}

/// Forwards `/auth/v1/…` to the Auth fake, verbatim; anything else is 404.
async fn forward(req: HttpRequest, body: web::Bytes, proxy: web::Data<AuthProxy>) -> HttpResponse {
    if !req.path().starts_with("/auth/v1") {
        return HttpResponse::NotFound()
            .json(json!({"message": "no Route matched with those values"}));
    }
    let target = match req.uri().path_and_query() {
        Some(path) => format!("{}{}", proxy.base, path.as_str()),
        None => format!("{}{}", proxy.base, req.path()),
    };
    let Ok(method) = reqwest::Method::from_bytes(req.method().as_str().as_bytes()) else {
        return HttpResponse::MethodNotAllowed().finish();
    };
    let mut outgoing = proxy.client.request(method, target).body(body.to_vec());
    for (name, value) in req.headers() {
        if let (false, Ok(value)) = (is_hop(name.as_str()), value.to_str()) {
            outgoing = outgoing.header(name.as_str(), value);
        }
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => {
            tracing::debug!(%error, "fake Supabase: forwarding to Auth failed");
            return HttpResponse::BadGateway().finish();
        }
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut response = HttpResponse::build(status);
    for (name, value) in answer.headers() {
        if let (false, Ok(value)) = (is_hop(name.as_str()), value.to_str()) {
            response.append_header((name.as_str(), value));
        }
    }
    let bytes = answer.bytes().await.unwrap_or_default();
    response.body(bytes.to_vec())
}

/// Headers that describe one connection, not the message.
fn is_hop(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "host" | "content-length" | "transfer-encoding" | "connection" | "keep-alive"
    )
}
