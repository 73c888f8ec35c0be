//! Typed configuration: built-in defaults, an optional file, then environment variables.

use secrecy::SecretString;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The defaults shipped in the binary, so `inboxd` works from any directory.
const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// Everything `inboxd` can be told.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// HTTP server.
    pub server: ServerSettings,
    /// Which storage backend and where local data lives.
    pub storage: StorageSettings,
    /// PostgreSQL connection and pool.
    pub database: DatabaseSettings,
    /// Logging.
    pub log: LogSettings,
    /// Webhook route limits and the workers applying deliveries.
    pub webhooks: crate::webhooks::WebhookSettings,
    /// The send workers, their pace and the Graph API they call.
    #[serde(default)]
    pub sending: crate::sending::SendingSettings,
    /// How agents' bearer tokens are verified.
    pub auth: crate::auth::AuthSettings,
    /// The periodic template status check and the auto-template limit.
    #[serde(default)]
    pub templates: crate::templates::TemplateSettings,
    /// Agents' event streams (`GET /events`, `GET /ws`) and their replay history.
    #[serde(default)]
    pub realtime: crate::realtime::RealtimeSettings,
    /// The Supabase project whose Auth admin API invites and deletes identities.
    #[serde(default)]
    pub supabase: crate::admin_ports::SupabaseSettings,
    /// Where media files (profile pictures) are kept.
    #[serde(default)]
    pub media: crate::admin_ports::MediaSettings,
}

/// HTTP server settings.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    /// Listen address (`INBOX_BIND`, default 127.0.0.1:8080).
    pub bind: SocketAddr,
    /// Worker threads; 0 = one per CPU (`INBOX_SERVER__WORKERS`).
    pub workers: usize,
    /// Grace period for in-flight requests at shutdown (`INBOX_SERVER__SHUTDOWN_TIMEOUT_SECS`).
    pub shutdown_timeout_secs: u64,
    /// Each HTTP worker queries PostgreSQL through a pool of its own
    /// (`INBOX_SERVER__WORKER_POOLS`, default true).
    pub worker_pools: bool,
}

/// How the storage backend is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StorageMode {
    /// `DATABASE_URL` when set, else the embedded cluster.
    Auto,
    /// PostgreSQL at `DATABASE_URL` (required).
    Postgres,
    /// Supabase's PostgREST API.
    Supabase,
    /// In-memory: nothing is kept.
    Memory,
}

/// Storage settings.
#[derive(Debug, Clone, Deserialize)]
pub struct StorageSettings {
    /// Backend choice (`INBOX_STORAGE`, default auto).
    pub mode: StorageMode,
    /// Local data directory (`INBOX_DATA_DIR`, default ./data); the embedded cluster lives in
    /// `<data_dir>/postgres`.
    pub data_dir: PathBuf,
}

/// Whether the pool may keep named prepared statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolModeSetting {
    /// Direct connection or session pooler: cached prepared statements.
    Session,
    /// Transaction pooler (Supabase port 6543): unnamed statements only.
    Transaction,
}

/// PostgreSQL settings.
#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// Connection URL (`DATABASE_URL` or `INBOX_DATABASE__URL`); a secret, never logged.
    pub url: Option<SecretString>,
    /// Connections opened at startup (`INBOX_DATABASE__POOL_MIN`, default 5).
    pub pool_min: usize,
    /// Pool ceiling (`INBOX_DATABASE__POOL_MAX`, default 20).
    pub pool_max: usize,
    /// `session` or `transaction` (`INBOX_DATABASE__POOL_MODE`, default session).
    pub pool_mode: PoolModeSetting,
    /// Apply pending migrations when `serve` starts (`INBOX_DATABASE__MIGRATE_ON_START`).
    pub migrate_on_start: bool,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Pretty on a terminal, JSON otherwise.
    Auto,
    /// Human-readable.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Logging settings.
#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// Output format (`INBOX_LOG__FORMAT`).
    pub format: LogFormat,
    /// Filter directive (`INBOX_LOG__LEVEL`; `RUST_LOG` wins).
    pub level: String,
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(#[from] config::ConfigError);

impl Settings {
    /// Reads defaults, then `file` when given, then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_from(file, std::env::vars())
    }

    /// Reads defaults, then `file`, then the given environment. Only `INBOX_<SECTION>__<KEY>`
    /// variables are configuration: the flat ones (`INBOX_BIND`, `INBOX_STORAGE`,
    /// `INBOX_DATA_DIR`, `INBOX_CONFIG`) belong to the command line, and `INBOX_STORAGE` would
    /// otherwise collide with the `[storage]` section.
    pub fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml));
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(true));
        }
        let mut nested = config::Map::new();
        let mut database_url = None;
        let mut jwt_secret = None;
        let mut supabase_url = None;
        let mut supabase_key = None;
        let mut supabase_anon_key = None;
        let mut graph_api_url = None;
        for (key, value) in env {
            if key == "INBOX_GRAPH_API_URL" {
                graph_api_url = Some(value);
            } else if key == "DATABASE_URL" {
                database_url = Some(value);
            } else if key == "SUPABASE_JWT_SECRET" {
                jwt_secret = Some(value);
            } else if key == "SUPABASE_URL" {
                supabase_url = Some(value);
            } else if key == "SUPABASE_SERVICE_KEY" {
                supabase_key = Some(value);
            } else if key == "SUPABASE_KEY" {
                supabase_anon_key = Some(value);
            } else if key.starts_with("INBOX_") && key.contains("__") {
                nested.insert(key, value);
            }
        }
        builder = builder.add_source(
            config::Environment::with_prefix("INBOX")
                .prefix_separator("_")
                .separator("__")
                .try_parsing(true)
                .source(Some(nested)),
        );
        if let Some(url) = database_url.filter(|url| !url.is_empty()) {
            builder = builder.set_override("database.url", url)?;
        }
        if let Some(secret) = jwt_secret.filter(|secret| !secret.is_empty()) {
            builder = builder.set_override("auth.jwt_secret", secret)?;
        }
        if let Some(url) = supabase_url.filter(|url| !url.is_empty()) {
            builder = builder.set_override("supabase.url", url)?;
        }
        if let Some(key) = supabase_key.filter(|key| !key.is_empty()) {
            builder = builder.set_override("supabase.service_key", key)?;
        }
        if let Some(key) = supabase_anon_key.filter(|key| !key.is_empty()) {
            builder = builder.set_override("supabase.anon_key", key)?;
        }
        if let Some(url) = graph_api_url.filter(|url| !url.is_empty()) {
            builder = builder.set_override("sending.graph_api_url", url)?;
        }
        Ok(builder.build()?.try_deserialize()?)
    }

    /// The built-in defaults alone: what tests start from.
    pub fn defaults() -> Result<Self, ConfigError> {
        let config = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()?;
        Ok(config.try_deserialize()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_values() {
        let settings = Settings::defaults().unwrap();
        assert_eq!(settings.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.storage.mode, StorageMode::Auto);
        assert_eq!(settings.storage.data_dir, PathBuf::from("./data"));
        assert_eq!(
            (settings.database.pool_min, settings.database.pool_max),
            (5, 20)
        );
        assert_eq!(settings.database.pool_mode, PoolModeSetting::Session);
        assert!(settings.database.url.is_none());
    }

    #[test]
    fn a_file_overrides_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("inbox.toml");
        std::fs::write(
            &file,
            "[database]\npool_max = 40\npool_mode = \"transaction\"\n",
        )
        .unwrap();
        let settings = Settings::load(Some(&file)).unwrap();
        assert_eq!(settings.database.pool_max, 40);
        assert_eq!(settings.database.pool_mode, PoolModeSetting::Transaction);
    }

    #[test]
    fn flat_command_line_variables_do_not_collide_with_sections() {
        let env = [
            ("INBOX_STORAGE", "postgres"),
            ("INBOX_BIND", "127.0.0.1:9999"),
            ("INBOX_DATA_DIR", "/srv/inbox"),
            ("INBOX_DATABASE__POOL_MAX", "40"),
            ("DATABASE_URL", "postgres://db/inbox"),
            ("HOME", "/root"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let settings = Settings::load_from(None, env).unwrap();
        assert_eq!(settings.database.pool_max, 40);
        assert!(settings.database.url.is_some());
        // The flat ones are read by clap, not here.
        assert_eq!(settings.storage.mode, StorageMode::Auto);
        assert_eq!(settings.server.bind.port(), 8080);
    }

    #[test]
    fn the_database_url_never_shows_in_debug_output() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("inbox.toml");
        std::fs::write(&file, "[database]\nurl = \"postgres://u:hunter2@db/x\"\n").unwrap();
        let settings = Settings::load(Some(&file)).unwrap();
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn supabase_settings_come_from_their_env_vars_and_the_key_stays_secret() {
        use secrecy::ExposeSecret;
        let env = [
            ("SUPABASE_URL", "https://ref.supabase.co"),
            ("SUPABASE_SERVICE_KEY", "sb_secret_hunter2"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let settings = Settings::load_from(None, env).unwrap();
        assert_eq!(
            settings.supabase.url.as_deref(),
            Some("https://ref.supabase.co")
        );
        let key = settings.supabase.service_key.as_ref().unwrap();
        assert_eq!(key.expose_secret(), "sb_secret_hunter2");
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert!(Settings::defaults().unwrap().supabase.url.is_none());
    }

    #[test]
    fn the_anon_key_comes_from_supabase_key_or_the_file_and_stays_secret() {
        use secrecy::ExposeSecret;
        let env =
            [("SUPABASE_KEY", "sb_publishable_hunter2")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        let settings = Settings::load_from(None, env).unwrap();
        let key = settings.supabase.anon_key.as_ref().unwrap();
        assert_eq!(key.expose_secret(), "sb_publishable_hunter2");
        assert!(!format!("{settings:?}").contains("hunter2"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("inbox.toml");
        std::fs::write(&file, "[supabase]\nanon_key = \"from-file\"\n").unwrap();
        let settings = Settings::load_from(Some(&file), []).unwrap();
        let key = settings.supabase.anon_key.as_ref().unwrap();
        assert_eq!(key.expose_secret(), "from-file");
    }
}
