//! Recovery after the postmaster is killed: its stale `postmaster.pid` must not block the next start.

use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::support::{Running, config, connect, scratch};

#[tokio::test]
async fn a_killed_server_is_restarted_past_its_stale_pid_file_with_data_intact() {
    let dir = scratch();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut cfg = config(&dir.path().join("pg"));
    cfg.port = Some(port);
    let mut running = Running::start(cfg.clone());
    let client = connect(&running.get().connection_string()).await;
    client
        .batch_execute("CREATE TABLE survivor (v int); INSERT INTO survivor VALUES (7)")
        .await
        .expect("write");
    drop(client);

    let old = running.0.take().expect("cluster");
    kill(Pid::from_raw(old.postmaster_pid()), Signal::SIGKILL).expect("kill -9 the postmaster");
    let deadline = Instant::now() + Duration::from_secs(10);
    while old.is_running() {
        assert!(Instant::now() < deadline, "postmaster did not die");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        old.data_dir().join("postmaster.pid").exists(),
        "the crash leaves the pid file behind"
    );

    let restarted = Running::start(cfg);
    assert!(restarted.get().is_owned());
    assert_ne!(restarted.get().postmaster_pid(), old.postmaster_pid());
    assert_eq!(restarted.get().port(), port);
    let client = connect(&restarted.get().connection_string()).await;
    let row = client
        .query_one("SELECT v FROM survivor", &[])
        .await
        .expect("read");
    assert_eq!(row.get::<_, i32>(0), 7);
}
