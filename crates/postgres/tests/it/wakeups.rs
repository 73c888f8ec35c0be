//! Cross-instance wake-ups: `LISTEN` on a dedicated connection, debounced `NOTIFY` through a pool.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use inbox_postgres::{Listener, PgBackend, PgError, PoolMode, WEBHOOK_CHANNEL, Wake, connect};
use inbox_testkit::db::TestDatabase;
use tokio::sync::mpsc;

use crate::support::{Harness, settings_for, start_bouncer};

/// Longest a test waits for something that should take milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);
const INTERVAL: Duration = Duration::from_millis(5);

/// A listener on the webhook channel that forwards every wake-up, once it listens.
async fn listening(backend: &PgBackend) -> (Listener, mpsc::UnboundedReceiver<Wake>) {
    let (sender, wakes) = mpsc::unbounded_channel();
    let listener = backend
        .listen(WEBHOOK_CHANNEL, move |wake| {
            let _ = sender.send(wake);
        })
        .expect("a listener");
    sessions_reach(&listener, 1).await;
    (listener, wakes)
}

async fn sessions_reach(listener: &Listener, count: u64) {
    let mut sessions = listener.sessions();
    tokio::time::timeout(PATIENCE, sessions.wait_for(|n| *n >= count))
        .await
        .unwrap_or_else(|_| panic!("LISTEN session {count} never came"))
        .expect("the listener is running");
}

async fn next(wakes: &mut mpsc::UnboundedReceiver<Wake>) -> Wake {
    tokio::time::timeout(PATIENCE, wakes.recv())
        .await
        .expect("a wake-up in time")
        .expect("the listener is running")
}

/// A second backend (its own pool) on the same database, as another instance would have.
async fn another_instance(db: &TestDatabase) -> PgBackend {
    connect(settings_for(db, None, PoolMode::Session))
        .await
        .expect("connect")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_hears_the_announcer_of_another_pool() {
    let h = Harness::new(PoolMode::Session).await;
    let (listener, mut wakes) = listening(&h.backend).await;
    let other = another_instance(&h.db).await;
    let announcer = other.announcer(WEBHOOK_CHANNEL, "instance-b", INTERVAL);

    announcer.announce();

    assert_eq!(
        next(&mut wakes).await,
        Wake::Notification("instance-b".to_owned())
    );
    // The counter moves once `pg_notify` has returned, which may be after the listener heard it.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while announcer.sent() == 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(INTERVAL).await;
    }
    assert_eq!(announcer.sent(), 1);
    listener.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_announcements_sends_far_fewer_notifications() {
    let h = Harness::new(PoolMode::Session).await;
    let received = Arc::new(AtomicU64::new(0));
    let counter = received.clone();
    let listener = h
        .backend
        .listen(WEBHOOK_CHANNEL, move |wake| {
            if matches!(wake, Wake::Notification(_)) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        })
        .expect("a listener");
    sessions_reach(&listener, 1).await;
    let other = another_instance(&h.db).await;
    let announcer = other.announcer(WEBHOOK_CHANNEL, "", INTERVAL);

    // 1,000 enqueues spread over about 50 ms, as a burst of webhooks would arrive.
    for index in 0..1_000 {
        announcer.announce();
        if index % 20 == 19 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    // Every notification sent arrives (separate transactions are never folded together).
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (sent, heard) = (announcer.sent(), received.load(Ordering::Relaxed));
        if sent > 0 && heard == sent {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "sent {sent}, heard {heard}"
        );
    }
    let heard = received.load(Ordering::Relaxed);
    assert!(
        (1..=100).contains(&heard),
        "1,000 announcements sent {heard} notifications"
    );
    listener.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listener_reconnects_after_its_backend_is_terminated_and_still_hears() {
    let h = Harness::new(PoolMode::Session).await;
    let (listener, mut wakes) = listening(&h.backend).await;
    let probe = h.direct().await;

    let terminated = probe
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE application_name = 'inboxd-listener' AND datname = current_database()",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(terminated.len(), 1, "exactly one listener connection");

    sessions_reach(&listener, 2).await;
    assert_eq!(
        next(&mut wakes).await,
        Wake::Resumed,
        "woken to look for what it missed"
    );
    let other = another_instance(&h.db).await;
    other
        .announcer(WEBHOOK_CHANNEL, "after", INTERVAL)
        .announce();
    assert_eq!(
        next(&mut wakes).await,
        Wake::Notification("after".to_owned())
    );
    listener.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_transaction_pooler_listen_needs_a_direct_config_and_notify_works() {
    let db = TestDatabase::new().await.unwrap();
    let bouncer = start_bouncer(&db).await;
    let pooled = connect(settings_for(&db, Some(&bouncer), PoolMode::Transaction))
        .await
        .expect("connect");
    let refused = pooled.listen(WEBHOOK_CHANNEL, |_| {}).unwrap_err();
    assert!(matches!(refused, PgError::Config(_)), "{refused}");
    assert!(refused.to_string().contains("direct_config"), "{refused}");

    let mut settings = settings_for(&db, Some(&bouncer), PoolMode::Transaction);
    settings.direct_config = Some(db.pg_config());
    let with_direct = connect(settings).await.expect("connect");
    let (listener, mut wakes) = listening(&with_direct).await;
    // The announcer of the pooled backend notifies through pgbouncer.
    pooled
        .announcer(WEBHOOK_CHANNEL, "pooled", INTERVAL)
        .announce();
    assert_eq!(
        next(&mut wakes).await,
        Wake::Notification("pooled".to_owned())
    );
    listener.shutdown().await;
}
