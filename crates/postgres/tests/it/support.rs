//! Shared test setup: a migrated database, optionally a pgbouncer in front, a connected backend.

use std::io::Write;
use std::sync::{Arc, Mutex};

use inbox_domain::ports::Storage;
use inbox_postgres::{PgBackend, PgSettings, PoolMode, connect};
use inbox_testkit::db::TestDatabase;
use inbox_testkit::pgbouncer::PgBouncer;
use tokio_postgres::Client;

/// One test's world; fields drop in order: the pool, then pgbouncer, then the database.
pub struct Harness {
    pub storage: Storage,
    pub backend: PgBackend,
    pub bouncer: Option<PgBouncer>,
    pub db: TestDatabase,
}

impl Harness {
    /// A fresh database and a backend in `mode` (behind pgbouncer in transaction mode), 1 to 8
    /// connections.
    pub async fn new(mode: PoolMode) -> Self {
        Self::with(mode, |settings| settings).await
    }

    /// Like `new`, with the settings adjusted by `tweak` before connecting.
    pub async fn with(mode: PoolMode, tweak: impl FnOnce(PgSettings) -> PgSettings) -> Self {
        let db = TestDatabase::new().await.expect("a test database");
        let bouncer = match mode {
            PoolMode::Session => None,
            PoolMode::Transaction => Some(start_bouncer(&db).await),
        };
        let settings = settings_for(&db, bouncer.as_ref(), mode);
        let backend = connect(tweak(settings)).await.expect("connect");
        Self {
            storage: backend.storage(),
            backend,
            bouncer,
            db,
        }
    }

    /// A direct connection to the test database (not through pgbouncer), for setup and probes.
    pub async fn direct(&self) -> Client {
        self.db.connect().await.expect("a direct connection")
    }
}

/// pgbouncer in front of the test cluster; fails with the install hint when it is missing.
pub async fn start_bouncer(db: &TestDatabase) -> PgBouncer {
    match PgBouncer::in_front_of(&db.pg_config()).await {
        Ok(bouncer) => bouncer,
        Err(error) => panic!("transaction-mode tests need pgbouncer: {error}"),
    }
}

/// Settings for `db` in `mode`, routed through `bouncer` when given; 1 to 8 connections.
pub fn settings_for(db: &TestDatabase, bouncer: Option<&PgBouncer>, mode: PoolMode) -> PgSettings {
    let config = match bouncer {
        Some(bouncer) => bouncer.route(&db.pg_config()),
        None => db.pg_config(),
    };
    PgSettings::new(config)
        .with_pool_mode(mode)
        .with_pool_size(1, 8)
}

/// Declares `session` and `transaction` tests for an `async fn(PoolMode)`.
#[macro_export]
macro_rules! both_modes {
    ($($(#[$attr:meta])* $name:ident),+ $(,)?) => {
        $(
            mod $name {
                $(#[$attr])*
                async fn session() {
                    super::$name(inbox_postgres::PoolMode::Session).await;
                }

                $(#[$attr])*
                async fn transaction() {
                    super::$name(inbox_postgres::PoolMode::Transaction).await;
                }
            }
        )+
    };
}

/// Log output captured from a tracing subscriber installed for the current thread.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Installs a subscriber writing here for this thread until the guard drops.
    ///
    /// A global no-op subscriber is set first: with a single scoped subscriber alive,
    /// tracing-core rebuilds callsite interest from whichever thread registers a callsite, and
    /// a test thread without a subscriber would switch this thread's events off.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            // Fails only when something else set a global subscriber, which serves as well.
            let _ = tracing::subscriber::set_global_default(
                tracing::subscriber::NoSubscriber::default(),
            );
        });
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
