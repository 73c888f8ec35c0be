//! Tells whether a process id still belongs to a running PostgreSQL server (not dead, not a zombie).

use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::unistd::Pid;

/// Whether `pid` is a live (non-zombie) `postgres` process.
pub(crate) fn is_live_postgres(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    match kill(Pid::from_raw(pid), None) {
        Ok(()) | Err(Errno::EPERM) => {}
        Err(_) => return false,
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => parse_stat(&stat)
            .is_some_and(|(comm, state)| state != 'Z' && state != 'X' && is_postgres(comm)),
        // No procfs: trust the signal check.
        Err(_) => true,
    }
}

/// Splits `/proc/<pid>/stat` into the command name and the state letter.
fn parse_stat(stat: &str) -> Option<(&str, char)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat.get(open + 1..close)?;
    let state = stat.get(close + 1..)?.trim_start().chars().next()?;
    Some((comm, state))
}

fn is_postgres(comm: &str) -> bool {
    comm.starts_with("postgres") || comm.starts_with("postmaster")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_line_is_parsed_even_with_parentheses_in_the_name() {
        assert_eq!(parse_stat("42 (postgres) S 1 42"), Some(("postgres", 'S')));
        assert_eq!(parse_stat("42 (a) b) Z 1"), Some(("a) b", 'Z')));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn our_own_process_is_not_a_postgres_server() {
        let me = i32::try_from(std::process::id()).unwrap_or(0);
        assert!(!is_live_postgres(me));
        assert!(!is_live_postgres(0));
        assert!(!is_live_postgres(-1));
    }
}
