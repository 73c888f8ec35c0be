//! HTTP target of the open-loop driver: a fixed number of keep-alive connections shared by request
//! tasks (a request waits for a free one) and the mix of request URIs.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use hyper::Uri;
use tokio::sync::Semaphore;

use super::open_loop::Target;
use crate::http::{Conn, HttpError};

/// At most `size` connections, reused; a broken one is replaced on next use.
pub struct HttpTarget {
    addr: SocketAddr,
    permits: Semaphore,
    idle: Mutex<Vec<Conn>>,
    uris: Arc<Vec<Uri>>,
}

impl Target for HttpTarget {
    fn len(&self) -> usize {
        self.uris.len()
    }

    async fn call(&self, index: usize) -> Result<(u16, Instant), String> {
        self.get(&self.uris[index]).await
    }
}

impl HttpTarget {
    /// `size` connections to `addr`, opened now, for the request mix `uris`.
    pub async fn open(
        addr: SocketAddr,
        size: usize,
        uris: Arc<Vec<Uri>>,
    ) -> Result<Self, HttpError> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(Conn::open(addr).await?);
        }
        Ok(Self {
            addr,
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
            uris,
        })
    }

    /// Waits for a free connection, sends `GET uri`; returns the status and when it was sent.
    pub async fn get(&self, uri: &Uri) -> Result<(u16, Instant), String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| "pool closed".to_owned())?;
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut conn = match reused {
            Some(conn) if !conn.is_closed() => conn,
            _ => Conn::open(self.addr).await.map_err(|e| e.to_string())?,
        };
        let sent = Instant::now();
        let reply = conn.get(uri).await.map_err(|e| e.to_string())?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        Ok((reply.status, sent))
    }
}
