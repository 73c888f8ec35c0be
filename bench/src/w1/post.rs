//! The W1 target of the open-loop driver: signed `POST /webhook/whatsapp` over a fixed set of
//! keep-alive connections (a request waits for a free one), as Meta delivers them.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use hyper::Uri;
use hyper::header::{HeaderName, HeaderValue};

use super::mix::{KINDS, Mix};
use super::probe::Prober;
use crate::driver::conn_pool::ConnPool;
use crate::driver::open_loop::Target;
use crate::http::PostConn;

/// The webhook route.
const PATH: &str = "/webhook/whatsapp";

/// Posts the mix's deliveries; tells the prober when a probe was acknowledged.
pub struct WebhookTarget {
    pool: ConnPool<PostConn>,
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
        Ok(Self {
            pool: ConnPool::open(addr, size).await?,
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
        let mut leased = self.pool.checkout().await?;
        let signature = HeaderValue::from_str(&signed.signature).map_err(|e| e.to_string())?;
        let headers = [(HeaderName::from_static("x-hub-signature-256"), signature)];
        let sent = Instant::now();
        let (status, _) = leased
            .conn()
            .post(Uri::from_static(PATH), &headers, signed.body.clone())
            .await?;
        if (200..300).contains(&status)
            && let Some(seq) = probe
        {
            self.prober.acked(seq, Instant::now());
        }
        leased.give_back();
        Ok((status, sent))
    }
}
