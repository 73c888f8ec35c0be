//! Latency histograms (HDR, 3 significant digits, microseconds) and their summaries.

use hdrhistogram::Histogram;

use crate::error::{BenchError, Result};

/// Highest latency a histogram holds: one minute, in microseconds.
const MAX_MICROS: u64 = 60_000_000;

/// An empty latency histogram in microseconds.
pub fn histogram() -> Result<Histogram<u64>> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3)
        .map_err(|e| BenchError::other(format!("latency histogram: {e}")))
}

/// Records one latency, clamped into the histogram's range.
pub fn record(h: &mut Histogram<u64>, micros: u64) {
    let _ = h.record(micros.clamp(1, MAX_MICROS));
}

/// The figures a report shows, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Recorded values.
    pub count: u64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Largest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Summary {
    /// Summarises a microsecond histogram.
    pub fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        Self {
            count: h.len(),
            p50: ms(h.value_at_quantile(0.50)),
            p90: ms(h.value_at_quantile(0.90)),
            p99: ms(h.value_at_quantile(0.99)),
            p999: ms(h.value_at_quantile(0.999)),
            max: ms(h.max()),
            mean: h.mean() / 1000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_in_milliseconds() {
        let mut h = histogram().unwrap();
        for v in 1..=1000 {
            record(&mut h, v * 10);
        }
        let s = Summary::of(&h);
        assert_eq!(s.count, 1000);
        assert!((s.p50 - 5.0).abs() < 0.01, "{s:?}");
        assert!((s.p99 - 9.9).abs() < 0.01, "{s:?}");
        assert!((s.max - 10.0).abs() < 0.01, "{s:?}");
        record(&mut h, u64::MAX);
        assert!((Summary::of(&h).max - 60_000.0).abs() < 61.0);
    }
}
