//! One migration file: version, name, SQL, its checksum and whether it runs inside a transaction.

use sha2::{Digest, Sha256};

/// First line that makes a file run outside a transaction (for `CREATE INDEX CONCURRENTLY`).
pub const NO_TRANSACTION_MARKER: &str = "-- inbox:no-transaction";

/// One schema migration: `V{version}__{name}.sql` and its SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    version: i32,
    name: &'static str,
    sql: &'static str,
}

impl Migration {
    /// A migration; the runner applies a list of them in version order.
    pub const fn new(version: i32, name: &'static str, sql: &'static str) -> Self {
        Self { version, name, sql }
    }

    /// The version (`n` of `V{n}__name.sql`).
    pub fn version(&self) -> i32 {
        self.version
    }

    /// The name (`name` of `V{n}__name.sql`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The SQL text of the file.
    pub fn sql(&self) -> &'static str {
        self.sql
    }

    /// SHA-256 of the file's bytes, lower-case hex; recorded when applied, compared on every run.
    pub fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }

    /// False when the first line is [`NO_TRANSACTION_MARKER`].
    pub fn is_transactional(&self) -> bool {
        self.sql
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .map(str::trim)
            != Some(NO_TRANSACTION_MARKER)
    }
}

/// SHA-256 (hex) over every migration's version, name and checksum: one fingerprint for a schema.
pub fn combined_checksum(migrations: &[Migration]) -> String {
    let mut hasher = Sha256::new();
    for m in migrations {
        hasher.update(format!("{}\n{}\n{}\n", m.version, m.name, m.checksum()).as_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_the_sha256_hex_of_the_file() {
        assert_eq!(
            Migration::new(1, "empty", "").checksum(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            Migration::new(1, "abc", "abc").checksum(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_marker_on_the_first_line_turns_the_transaction_off() {
        let concurrent = "-- inbox:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);";
        assert!(!Migration::new(2, "idx", concurrent).is_transactional());
        assert!(
            !Migration::new(2, "idx", "  -- inbox:no-transaction  \r\nSELECT 1").is_transactional()
        );
        assert!(Migration::new(1, "t", "CREATE TABLE t ();").is_transactional());
        assert!(Migration::new(1, "t", "SELECT 1;\n-- inbox:no-transaction\n").is_transactional());
    }

    #[test]
    fn combined_checksum_changes_with_any_file_and_with_order() {
        let a = Migration::new(1, "a", "CREATE TABLE a ();");
        let b = Migration::new(2, "b", "CREATE TABLE b ();");
        let b_changed = Migration::new(2, "b", "CREATE TABLE b (x int);");
        let base = combined_checksum(&[a, b]);
        assert_eq!(base.len(), 64);
        assert_eq!(base, combined_checksum(&[a, b]));
        assert_ne!(base, combined_checksum(&[a, b_changed]));
        assert_ne!(base, combined_checksum(&[a]));
        assert_ne!(combined_checksum(&[]), base);
    }
}
