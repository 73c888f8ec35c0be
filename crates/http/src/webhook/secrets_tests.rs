//! The snapshot's reload policy, over a mocked account repository that counts its loads.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::ports::MockAccountRepo;

use super::WebhookSecrets;

/// A repository whose `list` answers `Ok(no accounts)` or `Unavailable` while `down` is set.
fn counting(down: Arc<std::sync::atomic::AtomicBool>) -> (MockAccountRepo, Arc<AtomicUsize>) {
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let mut accounts = MockAccountRepo::new();
    accounts.expect_list().returning(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        if down.load(Ordering::SeqCst) {
            Err(RepoError::Unavailable("down".into()))
        } else {
            Ok(Vec::new())
        }
    });
    (accounts, loads)
}

fn secrets(
    ttl_ms: u64,
    interval_ms: u64,
) -> (
    WebhookSecrets,
    Arc<AtomicUsize>,
    Arc<std::sync::atomic::AtomicBool>,
) {
    let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (accounts, loads) = counting(down.clone());
    let secrets = WebhookSecrets::new(
        Arc::new(accounts),
        Duration::from_millis(ttl_ms),
        Duration::from_millis(interval_ms),
    );
    (secrets, loads, down)
}

#[tokio::test]
async fn a_fresh_snapshot_is_reused_and_an_expired_one_reloaded() {
    let (secrets, loads, _down) = secrets(50, 10);
    let first = secrets.current().await.unwrap();
    let again = secrets.current().await.unwrap();
    assert!(Arc::ptr_eq(&first, &again));
    assert_eq!(loads.load(Ordering::SeqCst), 1);

    tokio::time::sleep(Duration::from_millis(60)).await;
    let later = secrets.current().await.unwrap();
    assert!(!Arc::ptr_eq(&first, &later));
    assert_eq!(loads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_invalidation_reloads_at_once_even_within_the_interval() {
    let (secrets, loads, _down) = secrets(60_000, 60_000);
    secrets.current().await.unwrap();
    secrets.invalidate();
    secrets.current().await.unwrap();
    assert_eq!(loads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn misses_reload_at_most_once_per_interval() {
    let (secrets, loads, _down) = secrets(60_000, 100);
    let seen = secrets.current().await.unwrap();
    assert!(secrets.after_miss(&seen).await.is_none(), "just loaded");
    assert_eq!(loads.load(Ordering::SeqCst), 1);

    tokio::time::sleep(Duration::from_millis(110)).await;
    let newer = secrets.after_miss(&seen).await;
    assert!(newer.is_some_and(|newer| !Arc::ptr_eq(&newer, &seen)));
    for _ in 0..20 {
        let _ = secrets.after_miss(&seen).await;
    }
    assert_eq!(loads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn with_storage_down_the_old_snapshot_serves_and_the_store_is_spared() {
    let (secrets, loads, down) = secrets(20, 200);
    let old = secrets.current().await.unwrap();
    down.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(210)).await;

    for _ in 0..10 {
        let served = secrets.current().await.unwrap();
        assert!(Arc::ptr_eq(&served, &old));
    }
    assert_eq!(
        loads.load(Ordering::SeqCst),
        2,
        "one failed reload, then none within the interval"
    );
}

#[tokio::test]
async fn with_storage_down_from_the_start_requests_fail_fast() {
    let (secrets, loads, down) = secrets(20, 60_000);
    down.store(true, Ordering::SeqCst);
    for _ in 0..10 {
        assert!(matches!(
            secrets.current().await,
            Err(RepoError::Unavailable(_))
        ));
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_checks_share_one_load_and_all_succeed() {
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let mut accounts = MockAccountRepo::new();
    accounts.expect_list().returning(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        // A slow store: the other checks arrive while this load is in flight.
        std::thread::sleep(Duration::from_millis(100));
        Ok(Vec::new())
    });
    let secrets = Arc::new(WebhookSecrets::new(
        Arc::new(accounts),
        Duration::from_secs(60),
        Duration::from_secs(1),
    ));

    let checks: Vec<_> = (0..8)
        .map(|_| {
            let secrets = secrets.clone();
            tokio::spawn(async move { secrets.current().await.map(|_| ()) })
        })
        .collect();
    for check in checks {
        assert!(check.await.unwrap().is_ok());
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1);
}
