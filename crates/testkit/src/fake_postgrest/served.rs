//! One actix-web server on `127.0.0.1:<random port>` for the fakes that share a base URL.

use actix_web::dev::ServerHandle;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use std::net::TcpListener;

/// A running server; stops when the last owner drops it.
pub(crate) struct Served {
    pub(crate) base_url: String,
    handle: ServerHandle,
}

/// Serves what `configure` registers (data, routes, default service), logging requests for the
/// fake PostgREST and the fake Storage (each logs only under its own prefix, when present).
/// Must be called inside a Tokio runtime.
pub(crate) fn serve<F>(configure: F) -> std::io::Result<Served>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        let configure = configure.clone();
        App::new()
            .configure(move |cfg| configure(cfg))
            .wrap(from_fn(super::routes::record))
            .wrap(from_fn(crate::fake_storage::routes::record))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(0)
    .listen(listener)?
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    Ok(Served {
        base_url: format!("http://127.0.0.1:{port}"),
        handle,
    })
}

impl Drop for Served {
    fn drop(&mut self) {
        // The stop command is sent at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
    }
}
