//! Builds the actix app and HTTP server: middleware order, extractor settings, docs, fallback.

use std::fmt;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::http::header::LOCATION;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use inbox_domain::ports::Storage;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::extract::{json_config, no_route, path_config, query_config};
use crate::middleware::{record_metrics, request_id};
use crate::openapi::{ApiDoc, DOCS_PATH, OPENAPI_PATH};
use crate::routes;
use crate::state::AppState;
use crate::telemetry::InboxRootSpan;

/// How the HTTP server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Worker threads, each with its own event loop.
    pub workers: usize,
    /// After a stop, how long in-flight requests may take before they are dropped.
    pub shutdown_timeout: Duration,
    /// Storage of each worker's own, built on its thread; `None`: every worker shares the
    /// state's storage.
    pub worker_storage: Option<WorkerStorage>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map_or(1, usize::from),
            shutdown_timeout: Duration::from_secs(10),
            worker_storage: None,
        }
    }
}

/// Builds the storage one HTTP worker uses, called once on each worker's thread, so whatever
/// the storage spawns (a pool's connection tasks) runs on that worker's event loop.
#[derive(Clone)]
pub struct WorkerStorage(Arc<dyn Fn() -> Storage + Send + Sync>);

impl WorkerStorage {
    /// Wraps the builder.
    pub fn new(build: impl Fn() -> Storage + Send + Sync + 'static) -> Self {
        Self(Arc::new(build))
    }
}

impl fmt::Debug for WorkerStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WorkerStorage")
    }
}

/// Starts serving on `listener` and returns the server without awaiting it.
///
/// The caller drives it (`server.await` or spawn it) and owns shutdown: actix's own signal
/// handling is disabled, so keep `server.handle()` and call `handle.stop(true)` on SIGTERM or
/// Ctrl-C for a graceful stop (in-flight requests get `shutdown_timeout`).
///
/// ```no_run
/// # async fn run(state: inbox_http::AppState) -> std::io::Result<()> {
/// let listener = std::net::TcpListener::bind("127.0.0.1:8080")?;
/// let server = inbox_http::serve(listener, state, inbox_http::ServeOptions::default())?;
/// let handle = server.handle();
/// let running = actix_web::rt::spawn(server);
/// // ... on a shutdown signal:
/// handle.stop(true).await;
/// # let _ = running.await;
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// When the listener cannot be used (e.g. it cannot be switched to non-blocking mode).
pub fn serve(
    listener: TcpListener,
    state: AppState,
    options: ServeOptions,
) -> std::io::Result<Server> {
    let shared = web::Data::new(state);
    let worker_storage = options.worker_storage;
    let server = HttpServer::new(move || {
        let state = match &worker_storage {
            Some(build) => web::Data::new(shared.with_storage((build.0)())),
            None => shared.clone(),
        };
        App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(routes::configure)
            .openapi_service(|api| {
                SwaggerUi::new(format!("{DOCS_PATH}{{_:.*}}")).url(OPENAPI_PATH, api)
            })
            .into_app()
            .app_data(state)
            .app_data(json_config())
            .app_data(query_config())
            .app_data(path_config())
            .route("/docs", web::get().to(redirect_to_docs))
            .default_service(web::to(no_route))
            // The last `wrap` runs first: tracing opens the span and request id, then our
            // request-id middleware, then metrics around the routed service.
            .wrap(from_fn(record_metrics))
            .wrap(from_fn(request_id))
            .wrap(TracingLogger::<InboxRootSpan>::new())
    })
    .workers(options.workers.max(1))
    .shutdown_timeout(options.shutdown_timeout.as_secs())
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

async fn redirect_to_docs() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((LOCATION, DOCS_PATH))
        .finish()
}
