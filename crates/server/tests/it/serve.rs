//! `inboxd serve`: starts, answers, and stops cleanly on SIGTERM.

use inbox_testkit::db::TestDatabase;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{free_port, inboxd};

async fn wait_for_health(port: u16) -> reqwest_like::Health {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(health) = reqwest_like::get_health(port) {
            return health;
        }
        assert!(
            Instant::now() < deadline,
            "inboxd did not answer /health in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn serve_answers_then_exits_zero_on_sigterm() {
    let db = TestDatabase::new().await.unwrap();
    let port = free_port();
    let mut child = inboxd()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", db.connection_string())
        .env("INBOX_DATABASE__POOL_MIN", "2")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let health = wait_for_health(port).await;
    assert_eq!(health.status, 200);
    assert!(
        health.body.contains("\"backend\":\"postgres\""),
        "{}",
        health.body
    );

    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let status = child.wait().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(status.success(), "exit {status:?}: {log}");
    assert!(
        log.contains("PostgreSQL pool created (min=2, max=20)"),
        "{log}"
    );
    assert!(log.contains("shutting down"), "{log}");
}

#[tokio::test]
async fn memory_storage_warns_loudly_that_nothing_is_kept() {
    let port = free_port();
    let mut child = inboxd()
        .args([
            "serve",
            "--storage",
            "memory",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let health = wait_for_health(port).await;
    assert!(
        health.body.contains("\"backend\":\"memory\""),
        "{}",
        health.body
    );
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).unwrap();
    let status = child.wait().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(status.success(), "{log}");
    assert!(log.contains("\"level\":\"WARN\""), "{log}");
    assert!(log.contains("nothing is kept"), "{log}");
}

/// A tiny blocking HTTP/1.1 GET, so this test binary needs no HTTP client crate.
mod reqwest_like {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    pub struct Health {
        pub status: u16,
        pub body: String,
    }

    pub fn get_health(port: u16) -> Option<Health> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        let status = response.get(9..12)?.parse().ok()?;
        let body = response.split("\r\n\r\n").nth(1)?.to_owned();
        Some(Health { status, body })
    }
}
