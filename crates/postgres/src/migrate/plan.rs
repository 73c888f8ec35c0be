//! Decides what to apply: checks the database's history against the binary's migrations first.

use std::collections::HashMap;

use super::error::MigrateError;
use super::history::AppliedRow;
use super::migration::Migration;

/// The migrations to apply, in order, after checking the history: no changed, unknown or skipped files.
pub(crate) fn pending<'m>(
    migrations: &'m [Migration],
    applied: &[AppliedRow],
) -> Result<Vec<&'m Migration>, MigrateError> {
    let mut sorted: Vec<&Migration> = migrations.iter().collect();
    sorted.sort_by_key(|m| m.version());
    if let Some(pair) = sorted.windows(2).find(|w| w[0].version() == w[1].version()) {
        return Err(MigrateError::DuplicateVersion {
            version: pair[0].version(),
        });
    }
    let by_version: HashMap<i32, &Migration> = sorted.iter().map(|m| (m.version(), *m)).collect();
    for row in applied {
        let Some(known) = by_version.get(&row.version) else {
            return Err(MigrateError::UnknownApplied {
                version: row.version,
                name: row.name.clone(),
            });
        };
        if known.checksum() != row.checksum {
            return Err(MigrateError::ChecksumMismatch {
                version: row.version,
                name: known.name().to_owned(),
            });
        }
    }
    let pending: Vec<&Migration> = sorted
        .into_iter()
        .filter(|m| !applied.iter().any(|row| row.version == m.version()))
        .collect();
    let latest_applied = applied.iter().map(|row| row.version).max();
    if let (Some(first), Some(latest_applied)) = (pending.first(), latest_applied)
        && first.version() < latest_applied
    {
        return Err(MigrateError::OutOfOrder {
            version: first.version(),
            name: first.name().to_owned(),
            latest_applied,
        });
    }
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: Migration = Migration::new(1, "one", "CREATE TABLE one ();");
    const TWO: Migration = Migration::new(2, "two", "CREATE TABLE two ();");
    const THREE: Migration = Migration::new(3, "three", "CREATE TABLE three ();");

    fn row(m: &Migration) -> AppliedRow {
        AppliedRow {
            version: m.version(),
            name: m.name().to_owned(),
            checksum: m.checksum(),
        }
    }

    fn versions(pending: &[&Migration]) -> Vec<i32> {
        pending.iter().map(|m| m.version()).collect()
    }

    #[test]
    fn a_fresh_database_gets_everything_in_version_order() {
        let pending = pending(&[THREE, ONE, TWO], &[]).unwrap();
        assert_eq!(versions(&pending), [1, 2, 3]);
    }

    #[test]
    fn applied_migrations_are_skipped_and_a_full_history_is_a_noop() {
        assert_eq!(
            versions(&pending(&[ONE, TWO, THREE], &[row(&ONE)]).unwrap()),
            [2, 3]
        );
        assert!(
            pending(&[ONE, TWO], &[row(&ONE), row(&TWO)])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_changed_file_is_refused() {
        let mut changed = row(&ONE);
        changed.checksum = "x".to_owned();
        let err = pending(&[ONE, TWO], &[changed]).unwrap_err();
        assert!(
            matches!(err, MigrateError::ChecksumMismatch { version: 1, ref name } if name == "one"),
            "{err}"
        );
    }

    #[test]
    fn a_database_newer_than_the_binary_is_refused() {
        let err = pending(&[ONE], &[row(&ONE), row(&TWO)]).unwrap_err();
        assert!(
            matches!(err, MigrateError::UnknownApplied { version: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_migration_older_than_the_latest_applied_is_refused() {
        let err = pending(&[ONE, TWO, THREE], &[row(&ONE), row(&THREE)]).unwrap_err();
        assert!(
            matches!(
                err,
                MigrateError::OutOfOrder {
                    version: 2,
                    latest_applied: 3,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_versions_are_refused() {
        let twin = Migration::new(1, "twin", "SELECT 1");
        let err = pending(&[ONE, twin], &[]).unwrap_err();
        assert!(
            matches!(err, MigrateError::DuplicateVersion { version: 1 }),
            "{err}"
        );
    }
}
