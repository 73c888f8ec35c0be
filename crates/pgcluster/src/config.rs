//! What a caller decides about a cluster: where it lives, how it listens, which settings it runs with.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::ClusterError;

/// How to find, create and start a local cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// Data directory; created and initialised with `initdb` on first use.
    pub data_dir: PathBuf,
    /// TCP port on 127.0.0.1; `None` picks a free port at each start.
    pub port: Option<u16>,
    /// Unix socket directory; `None` uses `<data_dir>/sockets`, or `/tmp/inbox-pg-<hash>` when that path is too long.
    pub socket_dir: Option<PathBuf>,
    /// Server settings passed as `-c name=value` at start (for tests: `fsync=off`).
    pub settings: Vec<(String, String)>,
    /// Superuser role created by `initdb` and used in connection strings.
    pub superuser: String,
    /// Directory holding `initdb`, `pg_ctl` and `postgres`; `None` searches the machine.
    pub bin_dir: Option<PathBuf>,
    /// How long to wait for the server to start, or for a starting one to become ready.
    pub start_timeout: Duration,
}

impl ClusterConfig {
    /// Defaults: a free port, the socket in the data directory, no extra settings, superuser `postgres`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            port: None,
            socket_dir: None,
            settings: Vec::new(),
            superuser: "postgres".to_owned(),
            bin_dir: None,
            start_timeout: Duration::from_secs(60),
        }
    }

    /// Adds one server setting, builder style.
    #[must_use]
    pub fn setting(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.push((name.into(), value.into()));
        self
    }

    /// Whether the settings turn `fsync` off (then `initdb` skips its own syncing too).
    pub(crate) fn fsync_off(&self) -> bool {
        self.settings
            .iter()
            .any(|(name, value)| name.eq_ignore_ascii_case("fsync") && is_off(value))
    }

    /// Rejects values that would break the server command line or connection strings.
    pub(crate) fn validate(&self) -> Result<(), ClusterError> {
        let invalid = |why: String| Err(ClusterError::InvalidConfig(why));
        if self.superuser.is_empty() || !self.superuser.chars().all(is_word_char) {
            return invalid(format!(
                "superuser {:?} must be letters, digits and underscores",
                self.superuser
            ));
        }
        if self.port == Some(0) {
            return invalid("port 0 is not a port; use None to pick a free one".to_owned());
        }
        for (name, value) in &self.settings {
            if name.is_empty() || !name.chars().all(|c| is_word_char(c) || c == '.') {
                return invalid(format!(
                    "setting name {name:?} is not a PostgreSQL setting name"
                ));
            }
            if value.contains(['\0', '\n', '\r']) {
                return invalid(format!(
                    "setting {name} has a control character in its value"
                ));
            }
        }
        Ok(())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_off(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "off" | "false" | "no" | "0"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(ClusterConfig::new("/tmp/x").validate().is_ok());
    }

    #[test]
    fn odd_superuser_and_setting_names_are_rejected() {
        let mut cfg = ClusterConfig::new("/tmp/x");
        cfg.superuser = "bob'; drop".to_owned();
        assert!(cfg.validate().is_err());
        let cfg = ClusterConfig::new("/tmp/x").setting("fsync off", "x");
        assert!(cfg.validate().is_err());
        let cfg = ClusterConfig::new("/tmp/x").setting("work_mem", "4MB\n");
        assert!(cfg.validate().is_err());
    }

    #[test]
    fn fsync_off_is_detected_in_any_spelling() {
        assert!(ClusterConfig::new("/x").setting("FSYNC", "Off").fsync_off());
        assert!(!ClusterConfig::new("/x").setting("fsync", "on").fsync_off());
    }
}
