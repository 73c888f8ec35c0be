//! One measured row of the report, whatever produced it (HTTP driver or pgbench).

use crate::cpu::CpuUse;
use crate::driver::open_loop::OpenLoopResult;
use crate::statements::StatementStats;
use crate::stats::Summary;

/// How the load was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fixed offered rate, requests/s.
    Open(u32),
    /// Fixed number of clients, as fast as possible.
    Closed(usize),
}

/// One workload's figures.
#[derive(Debug, Clone)]
pub struct Row {
    /// Workload id from docs/BENCHMARKS.md (R0, R2, R3, R9, W2, W3).
    pub id: &'static str,
    /// What ran.
    pub what: String,
    /// Open or closed loop.
    pub mode: Mode,
    /// Successful requests (transactions) per second in the window.
    pub throughput: f64,
    /// Latency: from the intended time (open loop) or service time (closed loop).
    pub latency: Summary,
    /// Requests counted.
    pub requests: u64,
    /// Requests the CPU and statement counters cover (pgbench: its warm-up too).
    pub covered: u64,
    /// Requests that did not end in a 2xx (or pgbench failures).
    pub errors: u64,
    /// Error detail for the notes.
    pub error_detail: Option<String>,
    /// The open-loop driver's own delay (intended time to task start), p99 ms.
    pub lag_p99: Option<f64>,
    /// Open loop: p99 from the actual send (after waiting for a connection), ms.
    pub service_p99: Option<f64>,
    /// Whether the latency percentiles are trustworthy (pgbench's per-transaction log is not:
    /// its clock is read lazily, many transactions log 0 µs).
    pub percentiles: bool,
    /// CPU seconds per party.
    pub cpu: CpuUse,
    /// What PostgreSQL ran meanwhile.
    pub statements: Vec<StatementStats>,
}

impl Row {
    /// The row of an open-loop workload offered at `rate` that served `throughput` requests/s.
    pub fn open_loop(
        id: &'static str,
        what: String,
        rate: f64,
        throughput: f64,
        r: &OpenLoopResult,
        cpu: CpuUse,
        statements: Vec<StatementStats>,
    ) -> Self {
        Self {
            id,
            what,
            mode: Mode::Open(rate.round() as u32),
            throughput,
            latency: r.latency,
            requests: r.outcomes.ok,
            covered: r.outcomes.ok + r.outcomes.errors(),
            errors: r.outcomes.errors(),
            error_detail: r.outcomes.detail(),
            lag_p99: Some(r.lag.p99),
            service_p99: Some(r.service.p99),
            percentiles: true,
            cpu,
            statements,
        }
    }

    /// Error share of all requests.
    pub fn error_share(&self) -> f64 {
        let all = self.requests + self.errors;
        if all == 0 {
            0.0
        } else {
            self.errors as f64 / all as f64
        }
    }

    /// CPU milliseconds per request of one party.
    pub fn cpu_ms_per_request(&self, seconds: f64) -> f64 {
        if self.covered == 0 {
            0.0
        } else {
            seconds * 1000.0 / self.covered as f64
        }
    }

    /// The latency cells of a report table: p50, p90, p99, p99.9 and max in ms, then the errors.
    pub fn latency_cells(&self) -> String {
        let l = &self.latency;
        format!(
            "{:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {}",
            l.p50, l.p90, l.p99, l.p999, l.max, self.errors
        )
    }

    /// The CPU cell of a report table: ms per request of inboxd / PostgreSQL / the client (this
    /// tool, and pgbench when it ran).
    pub fn cpu_cells(&self) -> String {
        format!(
            "{:.3} / {:.3} / {:.3}",
            self.cpu_ms_per_request(self.cpu.server),
            self.cpu_ms_per_request(self.cpu.postgres),
            self.cpu_ms_per_request(self.cpu.generator + self.cpu.pgbench)
        )
    }
}

/// Finds a row.
pub fn find<'a>(rows: &'a [Row], id: &str, mode: Mode) -> Option<&'a Row> {
    rows.iter().find(|r| r.id == id && r.mode == mode)
}

/// The highest closed-loop throughput of a workload over its client counts.
pub fn best_closed<'a>(rows: &'a [Row], id: &str) -> Option<&'a Row> {
    rows.iter()
        .filter(|r| r.id == id && matches!(r.mode, Mode::Closed(_)))
        .max_by(|a, b| a.throughput.total_cmp(&b.throughput))
}
