//! The W1 target of the open-loop driver: signed `POST /webhook/whatsapp` over a fixed set of
//! keep-alive connections (a request waits for a free one), as Meta delivers them.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use hyper::Uri;
use hyper::header::{HeaderName, HeaderValue};
use tokio::sync::Semaphore;

use super::mix::{KINDS, Mix};
use super::probe::Prober;
use crate::driver::open_loop::Target;
use crate::http::PostConn;

/// The webhook route.
const PATH: &str = "/webhook/whatsapp";

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
            Some(conn) if !conn.is_closed() => conn,
            _ => PostConn::open(self.addr).await?,
        };
        let signature = HeaderValue::from_str(&signed.signature).map_err(|e| e.to_string())?;
        let headers = [(HeaderName::from_static("x-hub-signature-256"), signature)];
        let sent = Instant::now();
        let (status, _) = conn
            .post(Uri::from_static(PATH), &headers, signed.body.clone())
            .await?;
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
