//! Names of the harness's databases: `inbox_template_<12 hex>` and clones `t_<unix secs>_<tag>_<random>`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Prefix of migrated template databases; the rest is the migration set's tag.
pub(crate) const TEMPLATE_PREFIX: &str = "inbox_template_";
/// Tag of test databases created empty (from `template0`).
pub(crate) const EMPTY_TAG: &str = "empty";
/// Hex digits of the combined migration checksum kept in a template's name.
const TAG_LEN: usize = 12;

/// The template for a migration set, named by the first 12 hex digits of its combined checksum.
pub(crate) fn template_name(combined_checksum: &str) -> String {
    let tag = combined_checksum
        .get(..TAG_LEN)
        .unwrap_or(combined_checksum);
    format!("{TEMPLATE_PREFIX}{tag}")
}

/// The tag of a template name (`inbox_template_<tag>`).
pub(crate) fn template_tag(template: &str) -> &str {
    template.strip_prefix(TEMPLATE_PREFIX).unwrap_or(template)
}

/// A fresh test database name carrying its creation time and its template's tag.
pub(crate) fn test_db_name(tag: &str, created_secs: u64, random: u64) -> String {
    format!("t_{created_secs}_{tag}_{random:016x}")
}

/// The creation time and tag of a test database name, if it follows the scheme.
pub(crate) fn parse_test_db(name: &str) -> Option<(u64, &str)> {
    let mut parts = name.strip_prefix("t_")?.splitn(3, '_');
    let created = parts.next()?.parse().ok()?;
    let tag = parts.next()?;
    let random = parts.next()?;
    (!tag.is_empty() && random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some((created, tag))
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Quotes an identifier for SQL.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_carry_twelve_hex_digits_of_the_checksum() {
        let name = template_name("0123456789abcdef0123");
        assert_eq!(name, "inbox_template_0123456789ab");
        assert_eq!(template_tag(&name), "0123456789ab");
    }

    #[test]
    fn test_db_names_round_trip_and_fit_postgres_limits() {
        let name = test_db_name("0123456789ab", 1_700_000_000, 0xdead_beef);
        assert!(name.len() <= 63, "{name}");
        assert_eq!(parse_test_db(&name), Some((1_700_000_000, "0123456789ab")));
        assert_eq!(
            parse_test_db(&test_db_name(EMPTY_TAG, 5, 1)),
            Some((5, EMPTY_TAG))
        );
    }

    #[test]
    fn other_names_are_not_test_databases() {
        for name in [
            "postgres",
            "t_",
            "t_abc_x_0000000000000000",
            "t_1_tag_short",
            "t_1__0000000000000000",
        ] {
            assert_eq!(parse_test_db(name), None, "{name}");
        }
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident(r#"a"b"#), r#""a""b""#);
    }
}
