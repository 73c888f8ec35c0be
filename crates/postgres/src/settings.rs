//! How to reach PostgreSQL and size the pool: the inputs of `connect`.

use std::str::FromStr;
use std::time::Duration;

use crate::error::PgError;

/// How the server side treats our connections, which decides the statements we may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PoolMode {
    /// A direct connection or a session pooler: one server backend per connection, so named
    /// prepared statements are cached per connection (the fast path).
    #[default]
    Session,
    /// A transaction pooler (pgbouncer or Supavisor on port 6543): the backend may change
    /// between statements, so only unnamed statements and the simple protocol are used.
    Transaction,
}

impl PoolMode {
    /// The configuration and log name: "session" or "transaction".
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Transaction => "transaction",
        }
    }
}

impl FromStr for PoolMode {
    type Err = PgError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "session" => Ok(Self::Session),
            "transaction" => Ok(Self::Transaction),
            _ => Err(PgError::Config(
                "pool mode must be `session` or `transaction`".to_owned(),
            )),
        }
    }
}

/// Everything `connect` needs. The password inside `config` is never logged or displayed.
#[derive(Debug, Clone)]
pub struct PgSettings {
    /// Where and as whom to connect (host, port, user, password, database, TLS mode).
    pub config: tokio_postgres::Config,
    /// A direct or session endpoint for migrations (and anything needing a session), e.g.
    /// Supabase's port 5432 when `config` is its transaction pooler on 6543. `None`: `config`,
    /// which is refused for migrations in transaction mode.
    pub direct_config: Option<tokio_postgres::Config>,
    /// Connections opened up front by `connect`; default 5.
    pub pool_min: usize,
    /// Most connections the pool holds; default 20.
    pub pool_max: usize,
    /// Session (direct, cached prepared statements) or transaction pooler; default session.
    pub pool_mode: PoolMode,
    /// Longest wait to open one connection; default 5 s.
    pub connect_timeout: Duration,
    /// Longest wait for a free pooled connection before a call reports `Unavailable`; default 5 s.
    pub checkout_timeout: Duration,
    /// Longest a single statement may run before it is cancelled and reported `Unavailable`;
    /// default 30 s.
    pub statement_timeout: Duration,
    /// The backend's name as `/health` reports it: "postgres" or "embedded-postgres".
    pub backend: &'static str,
}

impl PgSettings {
    /// Default pool floor.
    pub const DEFAULT_POOL_MIN: usize = 5;
    /// Default pool ceiling.
    pub const DEFAULT_POOL_MAX: usize = 20;

    /// Settings with the defaults around an already built connection config.
    pub fn new(config: tokio_postgres::Config) -> Self {
        Self {
            config,
            direct_config: None,
            pool_min: Self::DEFAULT_POOL_MIN,
            pool_max: Self::DEFAULT_POOL_MAX,
            pool_mode: PoolMode::Session,
            connect_timeout: Duration::from_secs(5),
            checkout_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
            backend: "postgres",
        }
    }

    /// Settings with the defaults from a `postgres://` URL or a `key=value` connection string.
    ///
    /// # Errors
    /// `PgError::Config` when the text does not parse; the message never repeats the text,
    /// so a password in it cannot leak.
    pub fn from_url(url: &str) -> Result<Self, PgError> {
        let config = tokio_postgres::Config::from_str(url).map_err(|e| {
            let cause = std::error::Error::source(&e)
                .map(|source| format!(": {source}"))
                .unwrap_or_default();
            PgError::Config(format!(
                "the database URL is not a valid connection string{cause}"
            ))
        })?;
        Ok(Self::new(config))
    }

    /// Sets the pool mode, builder style.
    #[must_use]
    pub fn with_pool_mode(mut self, mode: PoolMode) -> Self {
        self.pool_mode = mode;
        self
    }

    /// Sets the pool floor and ceiling, builder style.
    #[must_use]
    pub fn with_pool_size(mut self, min: usize, max: usize) -> Self {
        self.pool_min = min;
        self.pool_max = max;
        self
    }

    /// Sets the name `/health` reports, builder style.
    #[must_use]
    pub fn with_backend(mut self, backend: &'static str) -> Self {
        self.backend = backend;
        self
    }

    /// Where migrations connect: `direct_config`, else `config` unless that is a transaction
    /// pooler (a session advisory lock taken through one could stay held on a stray backend).
    pub(crate) fn migration_config(&self) -> Result<&tokio_postgres::Config, PgError> {
        self.session_config("migrations")
    }

    /// A direct or session endpoint for `purpose` (migrations, LISTEN): `direct_config`, else
    /// `config` unless that is a transaction pooler, which keeps no session state.
    pub(crate) fn session_config(&self, purpose: &str) -> Result<&tokio_postgres::Config, PgError> {
        match (&self.direct_config, self.pool_mode) {
            (Some(direct), _) => Ok(direct),
            (None, PoolMode::Session) => Ok(&self.config),
            (None, PoolMode::Transaction) => Err(PgError::Config(format!(
                "{purpose} need a direct or session connection; set direct_config when \
                 pool_mode is transaction"
            ))),
        }
    }

    /// Checks the numbers before any connection is made.
    pub(crate) fn validate(&self) -> Result<(), PgError> {
        if self.pool_max == 0 {
            return Err(PgError::Config("pool_max must be at least 1".to_owned()));
        }
        if self.pool_min > self.pool_max {
            return Err(PgError::Config(format!(
                "pool_min ({}) must not exceed pool_max ({})",
                self.pool_min, self.pool_max
            )));
        }
        if self.statement_timeout.is_zero() || self.checkout_timeout.is_zero() {
            return Err(PgError::Config(
                "statement and checkout timeouts must be positive".to_owned(),
            ));
        }
        Ok(())
    }

    /// Where the settings point, for messages: hosts and ports only, never user or password.
    pub(crate) fn target(&self) -> String {
        use tokio_postgres::config::Host;
        let ports = self.config.get_ports();
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .enumerate()
            .map(|(i, host)| {
                let port = ports
                    .get(i)
                    .or_else(|| ports.first())
                    .copied()
                    .unwrap_or(5432);
                match host {
                    Host::Tcp(name) => format!("{name}:{port}"),
                    Host::Unix(path) => format!("{}:{port}", path.display()),
                }
            })
            .collect();
        if hosts.is_empty() {
            "the default host".to_owned()
        } else {
            hosts.join(",")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_five_to_twenty_in_session_mode() {
        let settings = PgSettings::from_url("postgres://u@localhost/db").unwrap();
        assert_eq!((settings.pool_min, settings.pool_max), (5, 20));
        assert_eq!(settings.pool_mode, PoolMode::Session);
        assert_eq!(settings.backend, "postgres");
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn a_bad_url_error_does_not_repeat_the_password() {
        let err = PgSettings::from_url("postgres://user:s3cret@host:notaport/db").unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("s3cret"), "{text}");
        assert!(matches!(err, PgError::Config(_)));
    }

    #[test]
    fn min_above_max_is_rejected() {
        let settings = PgSettings::from_url("host=localhost")
            .unwrap()
            .with_pool_size(6, 5);
        assert!(matches!(settings.validate(), Err(PgError::Config(_))));
    }

    #[test]
    fn target_shows_hosts_and_ports_only() {
        let settings = PgSettings::from_url("postgres://alice:pw@db.example:6543/app").unwrap();
        assert_eq!(settings.target(), "db.example:6543");
    }

    #[test]
    fn pool_mode_parses_both_names() {
        assert_eq!(
            "Transaction".parse::<PoolMode>().unwrap(),
            PoolMode::Transaction
        );
        assert_eq!("session".parse::<PoolMode>().unwrap(), PoolMode::Session);
        assert!("statement".parse::<PoolMode>().is_err());
    }
}
