//! The drivers against a tiny keep-alive HTTP server on 127.0.0.1 (bounded runs).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::Uri;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::closed_loop::{self, ClosedLoop};
use super::open_loop::{self, OpenLoop};
use super::pool::HttpTarget;

/// Answers every request with 200 after `delay` (or 404 for paths starting with /missing).
async fn server(delay: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    while let Some(end) = find(&buf, b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_string();
                        buf.drain(..end + 4);
                        tokio::time::sleep(delay).await;
                        let status = if head.contains(" /missing") {
                            "404 Not Found"
                        } else {
                            "200 OK"
                        };
                        let reply = format!("HTTP/1.1 {status}\r\ncontent-length: 2\r\n\r\nok");
                        if socket.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    addr
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn targets(paths: &[&str]) -> Arc<Vec<Uri>> {
    Arc::new(paths.iter().map(|p| p.parse().unwrap()).collect())
}

async fn http(addr: SocketAddr, connections: usize, paths: &[&str]) -> Arc<HttpTarget> {
    Arc::new(
        HttpTarget::open(addr, connections, targets(paths))
            .await
            .unwrap(),
    )
}

fn open(rate: f64, millis: u64, max_in_flight: usize) -> OpenLoop {
    OpenLoop {
        rate,
        warmup: Duration::from_millis(100),
        duration: Duration::from_millis(millis),
        max_in_flight,
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn open_loop_meets_its_rate_against_a_fast_server() {
    let addr = server(Duration::ZERO).await;
    let result = open_loop::run(
        http(addr, 4, &["/a", "/b"]).await,
        &open(1000.0, 500, 100),
        1,
    )
    .await
    .unwrap();
    assert_eq!(result.outcomes.errors(), 0, "{:?}", result.outcomes);
    assert!(
        (480..=520).contains(&result.outcomes.ok),
        "{:?}",
        result.outcomes
    );
    assert!(result.latency.p50 < 5.0, "{:?}", result.latency);
    assert!((result.achieved() - 1000.0).abs() < 50.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn open_loop_counts_queueing_behind_a_slow_server_as_latency() {
    // One connection, 20 ms per answer, 200 requests/s offered: a queue builds up. A closed-loop
    // tool would report 20 ms; measured from the intended time it grows by 15 ms per request.
    let addr = server(Duration::from_millis(20)).await;
    let result = open_loop::run(http(addr, 1, &["/slow"]).await, &open(200.0, 300, 1000), 2)
        .await
        .unwrap();
    assert_eq!(result.outcomes.errors(), 0, "{:?}", result.outcomes);
    assert!(result.service.p50 < 60.0, "{:?}", result.service);
    assert!(result.latency.max > 500.0, "{:?}", result.latency);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn open_loop_counts_overflow_and_error_statuses() {
    let addr = server(Duration::from_millis(20)).await;
    let result = open_loop::run(http(addr, 1, &["/missing"]).await, &open(500.0, 200, 5), 3)
        .await
        .unwrap();
    assert!(result.outcomes.overflow > 0, "{:?}", result.outcomes);
    assert!(result.outcomes.statuses.get(&404).copied().unwrap_or(0) > 0);
    assert_eq!(result.outcomes.ok, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn closed_loop_saturates_and_counts_only_the_window() {
    let addr = server(Duration::from_millis(1)).await;
    let cfg = ClosedLoop {
        clients: 2,
        warmup: Duration::from_millis(100),
        duration: Duration::from_millis(300),
        timeout: Duration::from_secs(5),
    };
    let result = closed_loop::run(addr, targets(&["/x"]), &cfg, 4)
        .await
        .unwrap();
    assert_eq!(result.outcomes.errors(), 0, "{:?}", result.outcomes);
    // Two clients at >= 1 ms per request: at most ~2,000/s, and well above 100/s.
    assert!(
        result.throughput() > 100.0 && result.throughput() < 2200.0,
        "{}",
        result.throughput()
    );
    assert!(result.latency.p50 >= 1.0, "{:?}", result.latency);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn connection_refused_is_an_error_not_a_hang() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    assert!(HttpTarget::open(addr, 1, targets(&["/"])).await.is_err());
}
