//! A lean HTTP/1.1 keep-alive connection to the server under test (hyper, no pool of its own).

use std::net::SocketAddr;
use std::sync::OnceLock;

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderName, HeaderValue};
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Why a request failed (as opposed to answering with an error status).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The TCP connection could not be made.
    #[error("connect: {0}")]
    Connect(std::io::Error),
    /// The exchange failed (connection closed, malformed answer).
    #[error("{0}")]
    Hyper(#[from] hyper::Error),
    /// The request could not be built.
    #[error("request: {0}")]
    Request(#[from] hyper::http::Error),
}

/// An answer: status and the whole body.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The body, read to the end.
    pub body: Bytes,
}

impl Reply {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The bearer every request of this process sends (the benchmark's one user).
static BEARER: OnceLock<HeaderValue> = OnceLock::new();

/// Sets the bearer token every later request sends; the first call wins.
///
/// # Errors
/// When the token is not a valid header value.
pub fn set_bearer(token: &str) -> Result<(), crate::error::BenchError> {
    let value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|e| crate::error::BenchError::other(format!("bad token: {e}")))?;
    let _ = BEARER.set(value);
    Ok(())
}

/// The `Authorization` header every request of this process sends, once set.
pub fn bearer() -> Option<HeaderValue> {
    BEARER.get().cloned()
}

/// One keep-alive connection; one request at a time.
pub struct Conn {
    sender: SendRequest<Empty<Bytes>>,
    host: HeaderValue,
}

impl Conn {
    /// Connects (TCP_NODELAY) and runs the connection's I/O on the runtime.
    pub async fn open(addr: SocketAddr) -> Result<Self, HttpError> {
        let stream = TcpStream::connect(addr).await.map_err(HttpError::Connect)?;
        stream.set_nodelay(true).map_err(HttpError::Connect)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "HTTP connection ended");
            }
        });
        let host = HeaderValue::from_str(&addr.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("127.0.0.1"));
        Ok(Self { sender, host })
    }

    /// Whether the server closed the connection.
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    /// `GET uri` (path and query) and the whole answer.
    pub async fn get(&mut self, uri: &Uri) -> Result<Reply, HttpError> {
        self.sender.ready().await?;
        let mut request = Request::get(uri.clone()).header(HOST, self.host.clone());
        if let Some(bearer) = BEARER.get() {
            request = request.header(AUTHORIZATION, bearer.clone());
        }
        let request = request.body(Empty::<Bytes>::new())?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Reply { status, body })
    }
}

/// `GET` on a fresh connection, for setup and prefetching.
pub async fn get_once(addr: SocketAddr, path: &str) -> Result<Reply, HttpError> {
    let uri: Uri = path
        .parse()
        .map_err(|e: hyper::http::uri::InvalidUri| HttpError::Request(e.into()))?;
    Conn::open(addr).await?.get(&uri).await
}

/// One keep-alive connection posting JSON bodies (webhooks, sends); one request at a time.
pub struct PostConn {
    sender: SendRequest<Full<Bytes>>,
    host: HeaderValue,
}

impl PostConn {
    /// Connects (TCP_NODELAY) and runs the connection's I/O on the runtime.
    pub async fn open(addr: SocketAddr) -> Result<Self, String> {
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
                tracing::debug!(error = %e, "POST connection ended");
            }
        });
        let host = HeaderValue::from_str(&addr.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("127.0.0.1"));
        Ok(Self { sender, host })
    }

    /// Whether the server closed the connection.
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    /// `POST uri` with a JSON `body` and `headers`; the status and the whole answer's body.
    pub async fn post(
        &mut self,
        uri: Uri,
        headers: &[(HeaderName, HeaderValue)],
        body: Bytes,
    ) -> Result<(u16, Bytes), String> {
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let mut request = Request::post(uri)
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let request = request.body(Full::new(body)).map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        // Read the body to the end so the connection can carry the next request.
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, body))
    }
}
