//! HTTP target of the open-loop driver: a fixed number of keep-alive connections shared by request
//! tasks (a request waits for a free one) and the mix of request URIs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use hyper::Uri;

use super::conn_pool::ConnPool;
use super::open_loop::Target;
use crate::http::{Conn, HttpError};

/// At most `size` connections, reused; a broken one is replaced on next use.
pub struct HttpTarget {
    pool: ConnPool<Conn>,
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
        Ok(Self {
            pool: ConnPool::open(addr, size).await?,
            uris,
        })
    }

    /// Waits for a free connection, sends `GET uri`; returns the status and when it was sent.
    pub async fn get(&self, uri: &Uri) -> Result<(u16, Instant), String> {
        let mut leased = self.pool.checkout().await?;
        let sent = Instant::now();
        let reply = leased.conn().get(uri).await.map_err(|e| e.to_string())?;
        leased.give_back();
        Ok((reply.status, sent))
    }
}
