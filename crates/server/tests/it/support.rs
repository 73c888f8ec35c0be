//! Running the built `inboxd` binary with a clean environment.

use std::process::{Command, Output};

/// `inboxd` with only the environment the test gives it (plus PATH), logging JSON.
pub fn inboxd() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inboxd"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("INBOX_LOG__FORMAT", "json")
        .env("INBOX_LOG__LEVEL", "info");
    command
}

/// Everything the process wrote to stderr (its log).
pub fn log_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits (at most 30 s) until `/health` on `port` answers 200.
pub async fn wait_for_health(port: u16) {
    let client = reqwest::Client::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let answered = client
            .get(format!("http://127.0.0.1:{port}/health"))
            .timeout(std::time::Duration::from_secs(2))
            .send()
            .await;
        if matches!(&answered, Ok(response) if response.status() == 200) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "inboxd did not become healthy in 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
