//! Keeping a generated section of a markdown file (docs/performance.md) between its markers.

use std::path::Path;

use crate::error::{BenchError, Result};

/// Replaces the section of `path` between `begin` and `end` (or appends it), keeping the rest.
pub fn write_section(path: &Path, begin: &str, end: &str, section: &str) -> Result<()> {
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::from("# Performance\n\n"),
        Err(e) => return Err(BenchError::io(format!("reading {}", path.display()))(e)),
    };
    let updated = splice(&current, begin, end, section);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(BenchError::io(format!("creating {}", dir.display())))?;
    }
    std::fs::write(path, updated).map_err(BenchError::io(format!("writing {}", path.display())))
}

/// `text` with the section between `begin_marker` and `end_marker` replaced by `section` (which
/// carries its own markers).
fn splice(text: &str, begin_marker: &str, end_marker: &str, section: &str) -> String {
    match (text.find(begin_marker), text.find(end_marker)) {
        (Some(begin), Some(end)) if end > begin => {
            let after = &text[end + end_marker.len()..];
            let after = after.strip_prefix('\n').unwrap_or(after);
            format!("{}{section}{after}", &text[..begin])
        }
        _ => {
            let sep = if text.ends_with("\n\n") || text.is_empty() {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{text}{sep}{section}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEGIN: &str = "<!-- inbox-bench:begin -->";
    const END: &str = "<!-- inbox-bench:end -->";

    #[test]
    fn the_section_is_replaced_and_the_rest_kept() {
        let old = format!("# Perf\n\nintro\n\n{BEGIN}\nold\n{END}\n\n## Other\nkept\n");
        let new = format!("{BEGIN}\nnew\n{END}\n");
        assert_eq!(
            splice(&old, BEGIN, END, &new),
            format!("# Perf\n\nintro\n\n{BEGIN}\nnew\n{END}\n\n## Other\nkept\n")
        );
    }

    #[test]
    fn a_missing_section_is_appended() {
        let new = format!("{BEGIN}\nx\n{END}\n");
        assert_eq!(
            splice("# Perf\n", BEGIN, END, &new),
            format!("# Perf\n\n{new}")
        );
    }
}
