//! Why migrating a database failed or was refused.

/// Why migrations were refused or failed; nothing after the failing file was applied.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// An applied migration's file changed since it was applied.
    #[error(
        "migration V{version}__{name} changed after it was applied (checksum differs); \
         restore the file and put the change in a new migration"
    )]
    ChecksumMismatch {
        /// Version of the changed migration.
        version: i32,
        /// Its name in this binary.
        name: String,
    },
    /// The database has a migration this binary does not know: it is newer than the binary.
    #[error(
        "the database has migration V{version}__{name}, unknown to this binary: the database is newer than this build"
    )]
    UnknownApplied {
        /// Version recorded in `schema_migrations`.
        version: i32,
        /// Name recorded in `schema_migrations`.
        name: String,
    },
    /// A pending migration is older than one already applied.
    #[error(
        "migration V{version}__{name} is pending but V{latest_applied} is already applied; \
         give it a version above {latest_applied}"
    )]
    OutOfOrder {
        /// Version of the pending migration.
        version: i32,
        /// Its name.
        name: String,
        /// Highest version already applied.
        latest_applied: i32,
    },
    /// Two migrations in the list share a version.
    #[error("two migrations have version {version}")]
    DuplicateVersion {
        /// The shared version.
        version: i32,
    },
    /// A migration's SQL failed; its transaction was rolled back.
    #[error("migration V{version}__{name} failed and was rolled back")]
    Apply {
        /// Version of the failing migration.
        version: i32,
        /// Its name.
        name: String,
        /// The database error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// A statement of a no-transaction migration failed; the statements before it stay applied.
    #[error(
        "statement {statement} of migration V{version}__{name} failed; the file runs without a \
         transaction, so earlier statements stay applied (keep them idempotent) and it reruns from the start"
    )]
    ApplyWithoutTransaction {
        /// Version of the failing migration.
        version: i32,
        /// Its name.
        name: String,
        /// 1-based index of the failing statement.
        statement: usize,
        /// The database error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Talking to the database failed outside a migration's own SQL.
    #[error("{action}")]
    Database {
        /// What was being done.
        action: &'static str,
        /// The database error.
        #[source]
        source: tokio_postgres::Error,
    },
}

impl MigrateError {
    /// Wraps a database error with what was being done.
    pub(crate) fn db(action: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Self {
        move |source| Self::Database { action, source }
    }
}
