//! Runs a server program to completion and turns a failure into an error carrying its output.

use std::process::{Command, Stdio};

use crate::error::ClusterError;

/// How many lines of a failing program's output an error keeps.
const OUTPUT_LINES: usize = 20;

/// Runs `cmd` with no input, returning its combined output, or an error with the end of it.
pub(crate) fn run(cmd: &mut Command, program: &str) -> Result<String, ClusterError> {
    tracing::debug!(program, "running PostgreSQL program");
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|source| ClusterError::Spawn {
            program: program.to_owned(),
            source,
        })?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        Ok(text)
    } else {
        Err(ClusterError::CommandFailed {
            program: program.to_owned(),
            status: out.status,
            output: tail(&text, OUTPUT_LINES),
        })
    }
}

/// The last `lines` lines of `text`.
pub(crate) fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.trim_end().lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
        assert_eq!(tail("", 5), "");
    }
}
