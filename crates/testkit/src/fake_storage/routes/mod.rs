//! The HTTP surface under `/storage/v1`: the routes, the request log and what the handlers
//! share. The key check and fault gate, the object handlers, signed URLs and listing have files
//! of their own.

mod entry;
mod guard;
mod listing;
mod objects;
mod signed;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub(crate) use guard::{authorize, gate};

use super::buckets;
use super::error::StorageError;
use super::state::{RecordedRequest, State};

/// What the handlers share with the test-side handle.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) service_key: String,
    pub(crate) anon_key: String,
    pub(crate) signing_secret: String,
    pub(crate) max_upload_bytes: u64,
}

impl Shared {
    /// The state, even if a panicking test poisoned the lock.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

type Answer = Result<HttpResponse, StorageError>;

/// Registers every route under `/storage/v1` (the specific `/object/<verb>/…` ones first).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/storage/v1")
            .route("/bucket", web::get().to(buckets::list))
            .route("/bucket", web::post().to(buckets::create))
            .route("/bucket/{id}", web::get().to(buckets::get))
            .route("/bucket/{id}", web::delete().to(buckets::delete))
            .route(
                "/object/sign/{bucket}/{path:.+}",
                web::post().to(signed::sign),
            )
            .route(
                "/object/sign/{bucket}/{path:.+}",
                web::get().to(signed::signed_download),
            )
            .route(
                "/object/public/{bucket}/{path:.+}",
                web::get().to(objects::public_download),
            )
            .route(
                "/object/authenticated/{bucket}/{path:.+}",
                web::get().to(objects::download),
            )
            .route("/object/list/{bucket}", web::post().to(listing::list))
            .route("/object/{bucket}", web::delete().to(objects::delete_many))
            .route(
                "/object/{bucket}/{path:.+}",
                web::post().to(objects::upload),
            )
            .route("/object/{bucket}/{path:.+}", web::put().to(objects::upload))
            .route(
                "/object/{bucket}/{path:.+}",
                web::get().to(objects::download),
            )
            .route(
                "/object/{bucket}/{path:.+}",
                web::delete().to(objects::delete_one),
            ),
    );
}

/// Appends every request under `/storage/v1`, with the status answered, to the log.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let query = req.query_string().to_owned();
    let response = next.call(req).await?;
    if let Some(shared) = shared.filter(|_| path.starts_with("/storage/v1")) {
        shared.lock().requests.push(RecordedRequest {
            method,
            path,
            query,
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}
