//! The W1 target of the open-loop driver: signed `POST /webhook/whatsapp` over a fixed set of
//! keep-alive connections (a request waits for a free one), as Meta delivers them.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::mix::{KINDS, Mix, Signed};
use super::probe::Prober;
use crate::driver::open_loop::Target;

/// The webhook route.
const PATH: &str = "/webhook/whatsapp";

/// One keep-alive connection posting webhook bodies.
struct PostConn {
    sender: SendRequest<Full<Bytes>>,
    host: HeaderValue,
}

impl PostConn {
    async fn open(addr: SocketAddr) -> Result<Self, String> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .set_nodelay(true)
            .map_err(|e| format!("connect: {e}"))?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "webhook connection ended");
            }
        });
        let host = HeaderValue::from_str(&addr.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("127.0.0.1"));
        Ok(Self { sender, host })
    }

    async fn post(&mut self, signed: &Signed) -> Result<u16, String> {
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let request = Request::post(Uri::from_static(PATH))
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, "application/json")
            .header("x-hub-signature-256", signed.signature.as_str())
            .body(Full::new(signed.body.clone()))
            .map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        // Read the (empty) body to the end so the connection can carry the next request.
        response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        Ok(status)
    }
}

/// Posts the mix's deliveries; tells the prober when a probe was acknowledged.
pub struct WebhookTarget {
    addr: SocketAddr,
    permits: Semaphore,
    idle: Mutex<Vec<PostConn>>,
    mix: Arc<Mix>,
    prober: Arc<Prober>,
}

impl WebhookTarget {
    /// `size` connections to `addr`, opened now.
    pub async fn open(
        addr: SocketAddr,
        size: usize,
        mix: Arc<Mix>,
        prober: Arc<Prober>,
    ) -> Result<Self, String> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(PostConn::open(addr).await?);
        }
        Ok(Self {
            addr,
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
            mix,
            prober,
        })
    }
}

impl Target for WebhookTarget {
    fn len(&self) -> usize {
        KINDS
    }

    async fn call(&self, index: usize) -> Result<(u16, Instant), String> {
        let (signed, probe) = self.mix.next(index);
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| "pool closed".to_owned())?;
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut conn = match reused {
            Some(conn) if !conn.sender.is_closed() => conn,
            _ => PostConn::open(self.addr).await?,
        };
        let sent = Instant::now();
        let status = conn.post(&signed).await?;
        if (200..300).contains(&status)
            && let Some(seq) = probe
        {
            self.prober.acked(seq, Instant::now());
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        Ok((status, sent))
    }
}
