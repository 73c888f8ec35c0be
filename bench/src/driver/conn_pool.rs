//! A fixed number of keep-alive connections shared by request tasks: a request waits for a
//! free one, and a connection the server closed is replaced on its next use.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Mutex;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::http::{Conn, HttpError, PostConn};

/// A keep-alive connection the pool can open and check.
pub trait Reusable: Sized + Send {
    /// Why opening failed.
    type Error: std::fmt::Display;
    /// Connects to `addr`.
    fn open(addr: SocketAddr) -> impl Future<Output = Result<Self, Self::Error>> + Send;
    /// Whether the server closed it.
    fn is_closed(&self) -> bool;
}

impl Reusable for Conn {
    type Error = HttpError;
    fn open(addr: SocketAddr) -> impl Future<Output = Result<Self, HttpError>> + Send {
        Conn::open(addr)
    }
    fn is_closed(&self) -> bool {
        Conn::is_closed(self)
    }
}

impl Reusable for PostConn {
    type Error = String;
    fn open(addr: SocketAddr) -> impl Future<Output = Result<Self, String>> + Send {
        PostConn::open(addr)
    }
    fn is_closed(&self) -> bool {
        PostConn::is_closed(self)
    }
}

/// At most `size` connections to one address, reused.
pub struct ConnPool<C> {
    addr: SocketAddr,
    permits: Semaphore,
    idle: Mutex<Vec<C>>,
}

impl<C: Reusable> ConnPool<C> {
    /// `size` connections to `addr`, opened now.
    pub async fn open(addr: SocketAddr, size: usize) -> Result<Self, C::Error> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(C::open(addr).await?);
        }
        Ok(Self {
            addr,
            permits: Semaphore::new(size),
            idle: Mutex::new(idle),
        })
    }

    /// Waits for a free connection: an idle one, or a new one when that was closed.
    pub async fn checkout(&self) -> Result<Leased<'_, C>, String> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| "pool closed".to_owned())?;
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match reused {
            Some(conn) if !conn.is_closed() => conn,
            _ => C::open(self.addr).await.map_err(|e| e.to_string())?,
        };
        Ok(Leased {
            pool: self,
            conn,
            _permit: permit,
        })
    }
}

/// A connection taken from the pool; [`Leased::give_back`] returns it after a request that
/// succeeded, dropping it (after a failure) closes it and frees its place.
pub struct Leased<'a, C> {
    pool: &'a ConnPool<C>,
    conn: C,
    _permit: SemaphorePermit<'a>,
}

impl<C> Leased<'_, C> {
    /// The connection, for one request.
    pub fn conn(&mut self) -> &mut C {
        &mut self.conn
    }

    /// Returns the connection to the idle ones, then frees its place.
    pub fn give_back(self) {
        if let Ok(mut idle) = self.pool.idle.lock() {
            idle.push(self.conn);
        }
    }
}
