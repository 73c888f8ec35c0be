//! Load generators: open loop at a fixed rate (latency from the intended send time) and closed
//! loop at a fixed concurrency (saturation throughput).

pub mod closed_loop;
pub mod conn_pool;
pub mod insert;
pub mod open_loop;
pub mod pool;
pub mod sql;

use std::collections::BTreeMap;

/// How requests ended, besides the latency figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcomes {
    /// 2xx answers.
    pub ok: u64,
    /// Other statuses, by status code.
    pub statuses: BTreeMap<u16, u64>,
    /// Connection errors and timeouts.
    pub failed: u64,
    /// Requests the open-loop driver could not start: too many already in flight.
    pub overflow: u64,
    /// First failure message, for the log.
    pub first_error: Option<String>,
}

impl Outcomes {
    /// Non-2xx answers.
    pub fn non_2xx(&self) -> u64 {
        self.statuses.values().sum()
    }

    /// Every request that did not end in a 2xx.
    pub fn errors(&self) -> u64 {
        self.non_2xx() + self.failed + self.overflow
    }

    /// Counts one finished request.
    pub fn count(&mut self, result: &Result<u16, String>) {
        match result {
            Ok(status) if (200..300).contains(status) => self.ok += 1,
            Ok(status) => *self.statuses.entry(*status).or_default() += 1,
            Err(message) => {
                self.failed += 1;
                if self.first_error.is_none() {
                    self.first_error = Some(message.clone());
                }
            }
        }
    }

    /// What went wrong, for a report's notes; `None` when nothing did.
    pub fn detail(&self) -> Option<String> {
        (self.errors() > 0).then(|| {
            format!(
                "statuses {:?}, failed {}, overflow {}{}",
                self.statuses,
                self.failed,
                self.overflow,
                self.first_error
                    .as_ref()
                    .map(|e| format!(", first error: {e}"))
                    .unwrap_or_default()
            )
        })
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &Self) {
        self.ok += other.ok;
        for (status, n) in &other.statuses {
            *self.statuses.entry(*status).or_default() += n;
        }
        self.failed += other.failed;
        self.overflow += other.overflow;
        if self.first_error.is_none() {
            self.first_error.clone_from(&other.first_error);
        }
    }
}

#[cfg(test)]
mod tests;
