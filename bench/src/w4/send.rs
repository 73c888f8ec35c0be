//! The W4 target of the open-loop driver: `POST /conversations/{id}/messages` with a text, as an
//! agent sends it (bearer token, JSON body), spread uniformly over the conversations, over a
//! fixed set of keep-alive connections (a request waits for a free one).

use std::net::SocketAddr;
use std::time::Instant;

use hyper::Uri;
use hyper::body::Bytes;
use hyper::header::{AUTHORIZATION, HeaderName, HeaderValue};
use uuid::Uuid;

use crate::driver::conn_pool::ConnPool;
use crate::driver::open_loop::Target;
use crate::http::{self, PostConn};

/// The body of every send: a short text.
pub const BODY: &str = r#"{"type":"text","text":{"body":"w4 latency probe"}}"#;

/// Sends to the conversations.
pub struct SendTarget {
    pool: ConnPool<PostConn>,
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
        Ok(Self {
            pool: ConnPool::open(addr, size).await?,
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
        let mut leased = self.pool.checkout().await?;
        let sent = Instant::now();
        let (status, _) = leased
            .conn()
            .post(
                self.uris[index].clone(),
                &self.headers,
                Bytes::from_static(BODY.as_bytes()),
            )
            .await?;
        leased.give_back();
        Ok((status, sent))
    }
}
