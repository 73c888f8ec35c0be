//! The W4 target of the open-loop driver: `POST /conversations/{id}/messages` with a text, as an
//! agent sends it (bearer token, JSON body), spread uniformly over the conversations, over a
//! fixed set of keep-alive connections (a request waits for a free one).

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Instant;

use hyper::Uri;
use hyper::body::Bytes;
use hyper::header::{AUTHORIZATION, HeaderName, HeaderValue};
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::driver::open_loop::Target;
use crate::http::{self, PostConn};

/// The body of every send: a short text.
pub const BODY: &str = r#"{"type":"text","text":{"body":"w4 latency probe"}}"#;

/// Sends to the conversations.
pub struct SendTarget {
    addr: SocketAddr,
    permits: Semaphore,
    idle: Mutex<Vec<PostConn>>,
    uris: Vec<Uri>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SendTarget {
    /// `size` connections to `addr`, opened now; requests go to `conversations` uniformly.
    pub async fn open(
        addr: SocketAddr,
        size: usize,
        conversations: &[Uuid],
    ) -> Result<Self, String> {
        let uris = conversations
            .iter()
            .map(|id| {
                format!("/conversations/{id}/messages")
                    .parse::<Uri>()
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let bearer = http::bearer().ok_or("no bearer token: the server was not started")?;
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(PostConn::open(addr).await?);
        }
        Ok(Self {
            addr,
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
            uris,
            headers: vec![(AUTHORIZATION, bearer)],
        })
    }
}

impl Target for SendTarget {
    fn len(&self) -> usize {
        self.uris.len()
    }

    async fn call(&self, index: usize) -> Result<(u16, Instant), String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| "pool closed".to_owned())?;
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut conn = match reused {
            Some(conn) if !conn.is_closed() => conn,
            _ => PostConn::open(self.addr).await?,
        };
        let sent = Instant::now();
        let (status, _) = conn
            .post(
                self.uris[index].clone(),
                &self.headers,
                Bytes::from_static(BODY.as_bytes()),
            )
            .await?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        Ok((status, sent))
    }
}
