//! Running the built `inboxd` binary with a clean environment.

use std::process::{Command, Output};

/// `inboxd` with only the environment the test gives it (plus PATH), logging JSON, with a data
/// directory of this test process (where the local token secret lives).
pub fn inboxd() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inboxd"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("INBOX_DATA_DIR", data_dir())
        .env("INBOX_LOG__FORMAT", "json")
        .env("INBOX_LOG__LEVEL", "info");
    command
}

/// The data directory every `inboxd` of this test process shares.
pub fn data_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("inboxd-server-it-{}", std::process::id()))
}

/// A bearer token of a global admin of the database at `database_url`, made with the CLI as an
/// operator would: `inboxd user add` then `inboxd token`.
pub fn admin_token(database_url: &str) -> String {
    let email = "admin@example.com";
    let added = inboxd()
        .args(["user", "add", "--email", email, "--role", "admin"])
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap();
    assert!(added.status.success(), "user add: {}", log_of(&added));
    let token = inboxd()
        .args(["token", "--email", email])
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap();
    assert!(token.status.success(), "token: {}", log_of(&token));
    String::from_utf8(token.stdout).unwrap().trim().to_owned()
}

/// A client that sends `token` as its bearer.
pub fn client_with_token(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
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
