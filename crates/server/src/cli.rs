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
    /// Manage the people who use the inbox.
    #[command(subcommand)]
    User(UserCommand),
    /// Print a bearer token for a user (local tokens: only without Supabase Auth settings).
    Token(TokenArgs),
}

/// `inboxd user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user (or find it by email) and grant it a role.
    Add(UserAddArgs),
}

/// Flags of `user add`.
#[derive(Debug, Args, Clone)]
pub struct UserAddArgs {
    /// Login email.
    #[arg(long)]
    pub email: String,
    /// Name shown to colleagues.
    #[arg(long)]
    pub name: Option<String>,
    /// Role key: admin, supervisor, agent, viewer or a custom role.
    #[arg(long)]
    pub role: inbox_domain::access::RoleKey,
    /// The account (UUID) the role applies to; without it, every account, present and future.
    #[arg(long)]
    pub account: Option<inbox_domain::AccountId>,
    /// Storage selection.
    #[command(flatten)]
    pub storage: StorageArgs,
}

/// Flags of `token`.
#[derive(Debug, Args, Clone)]
pub struct TokenArgs {
    /// The user's email.
    #[arg(long)]
    pub email: String,
    /// How long the token is valid, in seconds (default 12 hours).
    #[arg(long, default_value_t = 43_200)]
    pub ttl_secs: u64,
    /// Storage selection.
    #[command(flatten)]
    pub storage: StorageArgs,
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
    fn user_add_reads_its_flags_and_checks_the_role() {
        let cli = Cli::try_parse_from([
            "inboxd", "user", "add", "--email", "a@b.c", "--role", "admin",
        ])
        .unwrap();
        let Command::User(UserCommand::Add(args)) = cli.command else {
            panic!("expected user add");
        };
        assert_eq!(args.role.as_str(), "admin");
        assert!(args.account.is_none());
        assert!(
            Cli::try_parse_from([
                "inboxd", "user", "add", "--email", "a@b.c", "--role", "Boss"
            ])
            .is_err()
        );
    }

    #[test]
    fn an_unknown_storage_mode_is_refused() {
        assert!(Cli::try_parse_from(["inboxd", "migrate", "--storage", "sqlite"]).is_err());
    }
}
