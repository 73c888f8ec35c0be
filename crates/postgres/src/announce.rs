//! `NOTIFY` through the pool, debounced: a burst of announcements sends one notification.
//!
//! A transaction that notifies takes a global lock at commit, so nothing notifies per row or
//! inside another statement's transaction: each notification is its own `SELECT pg_notify(…)`
//! (one unnamed-or-cached statement, fine behind a transaction pooler), sent by one background
//! task at most once per interval, however many announcements arrived meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_postgres::types::Type;

use crate::db::Pg;
use crate::pool::PgBackend;

/// Counter of notifications sent by announcers of this process.
pub const NOTIFY_SENT: &str = "pg_notify_sent_total";
/// Counter of notifications that could not be sent (the database was unreachable).
pub const NOTIFY_FAILED: &str = "pg_notify_failed_total";
/// Default least time between two notifications of one announcer.
pub const DEFAULT_NOTIFY_INTERVAL: Duration = Duration::from_millis(5);

const NOTIFY: &str = "SELECT pg_notify($1, $2)";

/// Sends debounced notifications on one channel. Cheap to clone; the background task ends when
/// the last clone is dropped.
#[derive(Debug, Clone)]
pub struct Announcer {
    kick: mpsc::Sender<()>,
    sent: Arc<AtomicU64>,
}

impl Announcer {
    /// Asks for a notification soon. Never waits and never fails, so it may run on a request's
    /// path after its commit: announcements arriving while one is pending or within the interval
    /// after the last notification fold into a single notification.
    pub fn announce(&self) {
        // Full: a notification is already pending and will cover this one. Closed: the task
        // ended with the runtime; nothing is left to wake.
        let _ = self.kick.try_send(());
    }

    /// Notifications sent so far (failed attempts not counted).
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

impl PgBackend {
    /// An announcer for `channel`: every notification carries `payload` (under 8,000 bytes,
    /// e.g. this instance's id so its own listener can tell its echo), is sent through the pool
    /// as its own statement, and at most one leaves per `min_interval`. The first announcement
    /// after a quiet interval is sent at once. Must be called within a Tokio runtime.
    pub fn announcer(&self, channel: &str, payload: &str, min_interval: Duration) -> Announcer {
        let (kick, kicks) = mpsc::channel(1);
        let sent = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(
            self.pg().clone(),
            Target {
                channel: channel.to_owned(),
                payload: payload.to_owned(),
            },
            min_interval,
            kicks,
            sent.clone(),
        ));
        Announcer { kick, sent }
    }
}

/// Where notifications go and what they say.
struct Target {
    channel: String,
    payload: String,
}

async fn run(
    pg: Pg,
    target: Target,
    min_interval: Duration,
    mut kicks: mpsc::Receiver<()>,
    sent: Arc<AtomicU64>,
) {
    let mut last: Option<Instant> = None;
    while kicks.recv().await.is_some() {
        if let Some(last) = last {
            tokio::time::sleep_until(last + min_interval).await;
        }
        // Whatever arrived while waiting is covered by the notification about to leave; what
        // arrives while it is in flight asks for the next one.
        while kicks.try_recv().is_ok() {}
        last = Some(Instant::now());
        match notify(&pg, &target).await {
            Ok(()) => {
                sent.fetch_add(1, Ordering::Relaxed);
                metrics::counter!(NOTIFY_SENT).increment(1);
            }
            Err(error) => {
                metrics::counter!(NOTIFY_FAILED).increment(1);
                tracing::warn!(
                    channel = %target.channel,
                    error = %error,
                    "sending a wake-up notification failed; other instances find the work by their poll"
                );
            }
        }
    }
}

async fn notify(pg: &Pg, target: &Target) -> Result<(), inbox_domain::RepoError> {
    let db = pg.db().await?;
    db.query(
        NOTIFY,
        &[(&target.channel, Type::TEXT), (&target.payload, Type::TEXT)],
    )
    .await?;
    Ok(())
}
