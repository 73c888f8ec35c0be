//! Acknowledgement → visible: a probe delivery is an inbound text from a new customer of the
//! probe account; once it is acknowledged (200), one poller asks `GET /conversations` for that
//! account (the list an agent sees, through inboxd) until the probe's text is there.
//!
//! The poller runs only while probes are outstanding, at an interval of 1/20 of the oldest
//! one's age (1 to 50 ms), so the figure is an upper bound at most ~5 % (or 1 ms) late, and the
//! polls cost little. The delay is from the end of the 200 to the end of the first list
//! response that shows the probe.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use hyper::Uri;
use tokio::sync::{Notify, watch};
use uuid::Uuid;

use crate::error::{BenchError, Result};
use crate::http::Conn;
use crate::stats::{self, Summary};

/// Conversations per poll: probes stay on the first page for this many probes (5 s at the
/// sustained workloads' 10 probes/s); a smaller page keeps the polls cheap.
pub const PAGE: usize = 50;
/// Shortest and longest pause between two polls.
const MIN_INTERVAL: Duration = Duration::from_millis(1);
const MAX_INTERVAL: Duration = Duration::from_millis(50);

/// What the probes measured in one window.
#[derive(Debug, Clone, Default)]
pub struct Visibility {
    /// Acknowledgement → seen in the list, ms.
    pub delay: Summary,
    /// Probes acknowledged in the window but never seen (within the wait at its end).
    pub unseen: u64,
    /// List requests the poller made in the window.
    pub polls: u64,
}

struct Window {
    delay: Histogram<u64>,
    since: Instant,
}

/// Outstanding probes and the delays of the seen ones.
pub struct Prober {
    outstanding: Mutex<HashMap<u64, Instant>>,
    wake: Notify,
    window: Mutex<Window>,
    polls: AtomicU64,
    failures: AtomicU64,
}

impl Prober {
    /// An idle prober; start polling with [`Prober::spawn`].
    pub fn new() -> Result<Self> {
        Ok(Self {
            outstanding: Mutex::new(HashMap::new()),
            wake: Notify::new(),
            window: Mutex::new(Window {
                delay: stats::histogram()?,
                since: Instant::now(),
            }),
            polls: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        })
    }

    /// Probe `seq` was acknowledged at `at`.
    pub fn acked(&self, seq: u64, at: Instant) {
        self.lock_outstanding().insert(seq, at);
        self.wake.notify_one();
    }

    /// Starts a measured window: only probes acknowledged from now on count.
    pub fn start_window(&self) {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        window.delay.reset();
        window.since = Instant::now();
        self.polls.store(0, Ordering::Release);
    }

    /// Waits up to `patience` for the outstanding probes, then closes the window.
    pub async fn finish_window(&self, patience: Duration) -> Visibility {
        let deadline = Instant::now() + patience;
        while !self.lock_outstanding().is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let since = self
            .window
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .since;
        let unseen = {
            let mut outstanding = self.lock_outstanding();
            let unseen = outstanding.values().filter(|&&at| at >= since).count() as u64;
            outstanding.clear();
            unseen
        };
        let window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        Visibility {
            delay: Summary::of(&window.delay),
            unseen,
            polls: self.polls.load(Ordering::Acquire),
        }
    }

    /// Polls `GET /conversations?account_id=<account>` while probes are outstanding, until `stop`.
    pub fn spawn(
        self: &Arc<Self>,
        addr: SocketAddr,
        account: Uuid,
        prefix: String,
        stop: watch::Receiver<bool>,
    ) -> Result<tokio::task::JoinHandle<()>> {
        let uri: Uri = format!("/conversations?account_id={account}&limit={PAGE}")
            .parse()
            .map_err(|e| BenchError::other(format!("probe URI: {e}")))?;
        let prober = self.clone();
        Ok(tokio::spawn(async move {
            prober
                .poll(addr, uri, format!("{prefix} ").into_bytes(), stop)
                .await;
        }))
    }

    async fn poll(
        &self,
        addr: SocketAddr,
        uri: Uri,
        prefix: Vec<u8>,
        mut stop: watch::Receiver<bool>,
    ) {
        let mut conn: Option<Conn> = None;
        while !*stop.borrow() {
            let oldest = self.lock_outstanding().values().min().copied();
            let Some(oldest) = oldest else {
                tokio::select! {
                    () = self.wake.notified() => {}
                    _ = stop.changed() => {}
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
                continue;
            };
            let started = Instant::now();
            let mut current = match conn.take() {
                Some(c) if !c.is_closed() => c,
                _ => match Conn::open(addr).await {
                    Ok(c) => c,
                    Err(e) => {
                        self.failed(&e.to_string());
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                },
            };
            match current.get(&uri).await {
                Ok(reply) if reply.is_success() => {
                    let done = Instant::now();
                    self.polls.fetch_add(1, Ordering::AcqRel);
                    self.seen(&reply.body, &prefix, done);
                    conn = Some(current);
                }
                Ok(reply) => {
                    self.failed(&format!("the list answered {}", reply.status));
                    conn = Some(current);
                }
                Err(e) => self.failed(&e.to_string()),
            }
            let age = started.saturating_duration_since(oldest);
            let pause = (age / 20).clamp(MIN_INTERVAL, MAX_INTERVAL);
            tokio::time::sleep_until((started + pause).into()).await;
        }
    }

    /// Records every outstanding probe whose text is in `body`.
    fn seen(&self, body: &[u8], prefix: &[u8], done: Instant) {
        let found = probe_numbers(body, prefix);
        if found.is_empty() {
            return;
        }
        let mut outstanding = self.lock_outstanding();
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        for seq in found {
            if let Some(acked) = outstanding.remove(&seq)
                && acked >= window.since
            {
                let micros = done.saturating_duration_since(acked).as_micros() as u64;
                stats::record(&mut window.delay, micros);
            }
        }
    }

    fn failed(&self, message: &str) {
        if self.failures.fetch_add(1, Ordering::AcqRel) == 0 {
            tracing::warn!(
                error = message,
                "a probe poll failed (further failures not logged)"
            );
        }
    }

    fn lock_outstanding(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Instant>> {
        self.outstanding
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The numbers that follow each occurrence of `prefix` in `body`.
fn probe_numbers(body: &[u8], prefix: &[u8]) -> Vec<u64> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = find(&body[at..], prefix) {
        let start = at + offset + prefix.len();
        let digits = body[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if let Some(seq) = std::str::from_utf8(&body[start..start + digits])
            .ok()
            .and_then(|s| s.parse().ok())
        {
            found.push(seq);
        }
        at = start;
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_numbers_are_read_after_each_prefix() {
        let body = br#"{"items":[{"body":"w1 probe ab 12"},{"body":"w1 probe ab 7"},{"body":"w1 probe zz 9"}]}"#;
        assert_eq!(probe_numbers(body, b"w1 probe ab "), vec![12, 7]);
        assert!(probe_numbers(b"nothing", b"w1 probe ab ").is_empty());
    }

    #[tokio::test]
    async fn a_probe_counts_once_and_only_inside_its_window() {
        let prober = Prober::new().unwrap();
        prober.acked(1, Instant::now());
        prober.start_window();
        prober.acked(2, Instant::now());
        prober.acked(3, Instant::now());
        prober.seen(
            b"w1 probe t 1 w1 probe t 2 w1 probe t 2",
            b"w1 probe t ",
            Instant::now(),
        );
        let result = prober.finish_window(Duration::from_millis(1)).await;
        assert_eq!(result.delay.count, 1);
        assert_eq!(result.unseen, 1, "probe 3 was never seen");
    }
}
