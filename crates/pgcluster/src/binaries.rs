//! Finds the PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`) installed on the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::ClusterError;

/// Where Debian and Ubuntu install each major version's server programs.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";
/// The programs a usable directory must hold.
const PROGRAMS: [&str; 3] = ["initdb", "pg_ctl", "postgres"];

/// A directory with the server programs, and their major version.
#[derive(Debug, Clone)]
pub(crate) struct Binaries {
    dir: PathBuf,
    major: String,
}

impl Binaries {
    /// Finds binaries matching the cluster in `data_dir` (if any): `explicit`, else `PATH`,
    /// `pg_config --bindir` and Debian's tree, preferring the data directory's major version.
    pub(crate) fn find(explicit: Option<&Path>, data_dir: &Path) -> Result<Self, ClusterError> {
        let wanted = crate::initdb::data_version(data_dir);
        let found: Vec<Self> = match explicit {
            Some(dir) => {
                let major = major_of(dir).ok_or_else(|| ClusterError::IncompleteBinDir {
                    bin_dir: dir.to_path_buf(),
                })?;
                vec![Self {
                    dir: dir.to_path_buf(),
                    major,
                }]
            }
            None => discover(wanted.as_deref()),
        };
        let Some(wanted) = wanted else {
            return found
                .into_iter()
                .next()
                .ok_or(ClusterError::BinariesNotFound);
        };
        let first_major = found.first().map(|b| b.major.clone());
        match (found.into_iter().find(|b| b.major == wanted), first_major) {
            (Some(b), _) => Ok(b),
            (None, None) => Err(ClusterError::BinariesNotFound),
            (None, Some(found)) => Err(ClusterError::VersionMismatch {
                data_dir: data_dir.to_path_buf(),
                data_version: wanted,
                found,
            }),
        }
    }

    /// The directory holding the programs.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Full path of one program.
    pub(crate) fn program(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Major version, such as `15`.
    pub(crate) fn major(&self) -> &str {
        &self.major
    }
}

/// Every distinct complete program directory on the machine, most preferred first.
fn discover(wanted_major: Option<&str>) -> Vec<Binaries> {
    let mut found: Vec<Binaries> = Vec::new();
    for dir in candidates(wanted_major) {
        if found.iter().any(|b| b.dir == dir) {
            continue;
        }
        if let Some(major) = major_of(&dir) {
            found.push(Binaries { dir, major });
        }
    }
    found
}

/// Candidate directories, most preferred first.
fn candidates(wanted_major: Option<&str>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(major) = wanted_major {
        dirs.push(Path::new(DEBIAN_ROOT).join(major).join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let pg_ctl = dir.join("pg_ctl");
            if let Ok(real) = std::fs::canonicalize(&pg_ctl)
                && let Some(parent) = real.parent()
            {
                dirs.push(parent.to_path_buf());
            }
        }
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        dirs.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    dirs.extend(debian_dirs());
    dirs
}

/// `/usr/lib/postgresql/<major>/bin`, newest major first.
fn debian_dirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(DEBIAN_ROOT) else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

/// The major version of a complete program directory, from `pg_ctl --version`.
fn major_of(dir: &Path) -> Option<String> {
    if !PROGRAMS.iter().all(|p| dir.join(p).is_file()) {
        return None;
    }
    let out = Command::new(dir.join("pg_ctl"))
        .arg("--version")
        .output()
        .ok()?;
    parse_major(&String::from_utf8_lossy(&out.stdout))
}

/// `pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)` gives `15`.
fn parse_major(version_line: &str) -> Option<String> {
    let version = version_line.split_whitespace().nth(2)?;
    let major = version.split(['.', 'b', 'r']).next()?;
    (!major.is_empty() && major.chars().all(|c| c.is_ascii_digit())).then(|| major.to_owned())
}

#[cfg(test)]
mod tests {
    use super::parse_major;

    #[test]
    fn major_version_is_read_from_pg_ctl_output() {
        assert_eq!(
            parse_major("pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n").as_deref(),
            Some("15")
        );
        assert_eq!(
            parse_major("pg_ctl (PostgreSQL) 17beta1").as_deref(),
            Some("17")
        );
        assert_eq!(parse_major("nonsense"), None);
    }
}
