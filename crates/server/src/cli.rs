//! The `inboxd` command line; every flag can also come from the environment.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::config::{Settings, StorageMode};

/// inboxd: the backend of a team inbox on the WhatsApp Business Cloud API.
#[derive(Debug, Parser)]
#[command(name = "inboxd", version, about)]
pub struct Cli {
    /// Optional configuration file (TOML) applied over the built-in defaults.
    #[arg(long, global = true, env = "INBOX_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API.
    Serve(ServeArgs),
    /// Apply pending database migrations, then exit.
    Migrate(StorageArgs),
    /// Fill a demo account with contacts, conversations and messages (safe to run twice).
    SeedDemo(StorageArgs),
}

/// Flags that choose the storage backend.
#[derive(Debug, Args, Clone, Default)]
pub struct StorageArgs {
    /// Data directory of the embedded database and local files.
    #[arg(long, env = "INBOX_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// auto (DATABASE_URL, else embedded), postgres, supabase or memory.
    #[arg(long, env = "INBOX_STORAGE", value_enum)]
    pub storage: Option<StorageMode>,
}

/// Flags of `serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "INBOX_BIND")]
    pub bind: Option<SocketAddr>,
    /// Storage selection.
    #[command(flatten)]
    pub storage: StorageArgs,
}

impl StorageArgs {
    /// Applies the flags over the loaded settings.
    pub fn apply(&self, settings: &mut Settings) {
        if let Some(dir) = &self.data_dir {
            settings.storage.data_dir = dir.clone();
        }
        if let Some(mode) = self.storage {
            settings.storage.mode = mode;
        }
    }
}

impl ServeArgs {
    /// Applies the flags over the loaded settings.
    pub fn apply(&self, settings: &mut Settings) {
        self.storage.apply(settings);
        if let Some(bind) = self.bind {
            settings.server.bind = bind;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_flags_override_settings() {
        let cli = Cli::try_parse_from([
            "inboxd",
            "serve",
            "--bind",
            "127.0.0.1:9000",
            "--data-dir",
            "/tmp/x",
            "--storage",
            "memory",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("expected serve");
        };
        let mut settings = Settings::defaults().unwrap();
        args.apply(&mut settings);
        assert_eq!(settings.server.bind.port(), 9000);
        assert_eq!(settings.storage.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(settings.storage.mode, StorageMode::Memory);
    }

    #[test]
    fn an_unknown_storage_mode_is_refused() {
        assert!(Cli::try_parse_from(["inboxd", "migrate", "--storage", "sqlite"]).is_err());
    }
}
