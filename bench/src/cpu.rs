//! CPU time of the processes in a measurement, from /proc (utime + stime, in clock ticks).

use std::time::Instant;

/// Clock ticks per second of /proc figures (USER_HZ; 100 on Linux, read from `getconf`).
pub fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

/// Fields of /proc/<pid>/stat after the command name: state is index 0, ppid 1, utime 11,
/// stime 12, cutime 13, cstime 14.
fn stat_fields(pid: &str) -> Option<Vec<u64>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    Some(
        rest.split_whitespace()
            .map(|f| f.parse::<u64>().unwrap_or(0))
            .collect(),
    )
}

/// Own time of a process; with `children`, plus that of its waited-for children.
fn ticks(pid: &str, children: bool) -> u64 {
    stat_fields(pid).map_or(0, |f| {
        let own = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
        let waited = f.get(13).copied().unwrap_or(0) + f.get(14).copied().unwrap_or(0);
        own + if children { waited } else { 0 }
    })
}

/// The postmaster and its live backends, plus what exited backends left in its child counters.
fn postgres_ticks(postmaster: i32) -> u64 {
    let mut total = ticks(&postmaster.to_string(), true);
    let parent = u64::try_from(postmaster).unwrap_or(0);
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            if stat_fields(pid).and_then(|f| f.get(1).copied()) == Some(parent) {
                total += ticks(pid, false);
            }
        }
    }
    total
}

/// Busy and steal ticks of the whole machine (/proc/stat, first line).
fn machine_ticks() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = text
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let at = |i: usize| fields.get(i).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq steal
    let busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
    (busy, at(7))
}

/// A reading of every counter at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    at: Instant,
    server: u64,
    postgres: u64,
    generator: u64,
    children: u64,
    busy: u64,
    steal: u64,
}

/// Which processes to read.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// inboxd, when running.
    pub server: Option<u32>,
    /// The postmaster.
    pub postmaster: i32,
    /// Ticks per second.
    pub hz: f64,
}

impl Probe {
    /// Reads the counters now.
    pub fn snapshot(&self) -> Snapshot {
        let me = ticks("self", false);
        let all = ticks("self", true);
        let (busy, steal) = machine_ticks();
        Snapshot {
            at: Instant::now(),
            server: self.server.map_or(0, |pid| ticks(&pid.to_string(), false)),
            postgres: postgres_ticks(self.postmaster),
            generator: me,
            children: all.saturating_sub(me),
            busy,
            steal,
        }
    }

    /// CPU seconds used between two snapshots.
    pub fn used(&self, before: &Snapshot, after: &Snapshot) -> CpuUse {
        let s = |a: u64, b: u64| b.saturating_sub(a) as f64 / self.hz;
        let server = s(before.server, after.server);
        let postgres = s(before.postgres, after.postgres);
        let generator = s(before.generator, after.generator);
        let pgbench = s(before.children, after.children);
        let busy = s(before.busy, after.busy);
        CpuUse {
            wall: after.at.duration_since(before.at).as_secs_f64(),
            server,
            postgres,
            generator,
            pgbench,
            others: (busy - server - postgres - generator - pgbench).max(0.0),
            steal: s(before.steal, after.steal),
        }
    }
}

/// CPU seconds per party over a measurement.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CpuUse {
    /// Wall time, seconds.
    pub wall: f64,
    /// inboxd.
    pub server: f64,
    /// PostgreSQL, all backends.
    pub postgres: f64,
    /// This process (the HTTP load generator).
    pub generator: f64,
    /// Waited-for children (pgbench).
    pub pgbench: f64,
    /// Everything else on the machine: other people's work.
    pub others: f64,
    /// Time stolen by the hypervisor.
    pub steal: f64,
}

impl CpuUse {
    /// Average cores used by other processes: above 0.5 the run counts as contended.
    pub fn other_load(&self) -> f64 {
        if self.wall > 0.0 {
            self.others / self.wall
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_counters_read_and_grow() {
        let probe = Probe {
            server: None,
            postmaster: 1,
            hz: ticks_per_second(),
        };
        let before = probe.snapshot();
        let mut x = 0u64;
        let started = Instant::now();
        while started.elapsed().as_millis() < 60 {
            x = x.wrapping_mul(31).wrapping_add(7);
        }
        std::hint::black_box(x);
        let used = probe.used(&before, &probe.snapshot());
        assert!(used.generator > 0.0, "{used:?}");
        assert!(used.wall >= 0.06);
    }
}
