//! Parses migration file names of the form `V{version}__{name}.sql` (also used by `build.rs`).

/// A migration file name split into its version and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileName {
    /// Positive version number; files apply in this order.
    pub(crate) version: i32,
    /// What the migration does, in letters, digits, `_` and `-`.
    pub(crate) name: String,
}

/// Why a `.sql` file name is not a migration name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FileNameError {
    /// The name does not have the `V{n}__{name}.sql` shape.
    #[error("a migration file must be named V{{version}}__{{name}}.sql")]
    Shape,
    /// The version is not a positive 32-bit number.
    #[error("the version must be a positive number below 2^31")]
    Version,
    /// The name part is empty or has other characters than letters, digits, `_` and `-`.
    #[error("the name part must be letters, digits, `_` or `-`")]
    Name,
}

/// Parses `V12__add_templates.sql` into version 12 and name `add_templates`.
pub(crate) fn parse(file_name: &str) -> Result<FileName, FileNameError> {
    let stem = file_name.strip_suffix(".sql").ok_or(FileNameError::Shape)?;
    let rest = stem.strip_prefix('V').ok_or(FileNameError::Shape)?;
    let (version, name) = rest.split_once("__").ok_or(FileNameError::Shape)?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FileNameError::Version);
    }
    let version: i32 = version.parse().map_err(|_| FileNameError::Version)?;
    if version <= 0 {
        return Err(FileNameError::Version);
    }
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(FileNameError::Name);
    }
    Ok(FileName {
        version,
        name: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_names_are_split_into_version_and_name() {
        let parsed = parse("V12__add_templates.sql").unwrap();
        assert_eq!(
            parsed,
            FileName {
                version: 12,
                name: "add_templates".to_owned()
            }
        );
        assert_eq!(parse("V1__core-schema.sql").unwrap().name, "core-schema");
        assert_eq!(parse("V007__x.sql").unwrap().version, 7);
    }

    #[test]
    fn malformed_names_are_rejected_with_the_reason() {
        let cases = [
            ("init.sql", FileNameError::Shape),
            ("V1_core.sql", FileNameError::Shape),
            ("v1__core.sql", FileNameError::Shape),
            ("V1__core.txt", FileNameError::Shape),
            ("V__core.sql", FileNameError::Version),
            ("V0__core.sql", FileNameError::Version),
            ("V-1__core.sql", FileNameError::Version),
            ("V99999999999__core.sql", FileNameError::Version),
            ("V1__.sql", FileNameError::Name),
            ("V1__has space.sql", FileNameError::Name),
        ];
        for (file, expected) in cases {
            assert_eq!(parse(file), Err(expected), "{file}");
        }
    }
}
