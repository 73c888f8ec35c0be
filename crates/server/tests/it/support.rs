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
