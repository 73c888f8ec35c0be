//! What a migration run did.

/// One migration applied by a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i32,
    /// Its name.
    pub name: String,
    /// How long its SQL took, in milliseconds.
    pub duration_ms: i32,
}

/// What a run of the migration runner did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationReport {
    /// Migrations applied by this run, in order.
    pub applied: Vec<AppliedMigration>,
    /// How many migrations were already applied before the run.
    pub already_applied: usize,
}

impl MigrationReport {
    /// Whether the run had nothing to do.
    pub fn is_noop(&self) -> bool {
        self.applied.is_empty()
    }
}
