//! Exponential backoff with jitter between attempts of a failed delivery.

use std::time::Duration;

/// Delay before attempt `n + 1` after attempt `n` failed: `base × 2^(n-1)`, capped at `max`, of
/// which the upper half is random (so deliveries that failed together do not retry together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Delay after the first failure (before jitter).
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Backoff {
    /// The delay after failed attempt `attempt` (1 for the first), with `jitter` in `0.0..=1.0`
    /// choosing where in the upper half it falls.
    pub fn delay(&self, attempt: i32, jitter: f64) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(31);
        let full = self.base.saturating_mul(1_u32 << doublings).min(self.max);
        let half = full / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// The delay after failed attempt `attempt`, with a random jitter.
    pub fn delay_jittered(&self, attempt: i32) -> Duration {
        self.delay(attempt, rand::random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKOFF: Backoff = Backoff {
        base: Duration::from_secs(1),
        max: Duration::from_secs(600),
    };

    #[test]
    fn delays_double_per_attempt_within_their_jitter_band() {
        for (attempt, full_secs) in [(1, 1), (2, 2), (3, 4), (8, 128)] {
            let full = Duration::from_secs(full_secs);
            assert_eq!(BACKOFF.delay(attempt, 0.0), full / 2, "attempt {attempt}");
            assert_eq!(BACKOFF.delay(attempt, 1.0), full, "attempt {attempt}");
            let random = BACKOFF.delay_jittered(attempt);
            assert!(
                random >= full / 2 && random <= full,
                "attempt {attempt}: {random:?}"
            );
        }
    }

    #[test]
    fn delays_stop_growing_at_the_maximum() {
        assert_eq!(BACKOFF.delay(11, 1.0), Duration::from_secs(600));
        assert_eq!(BACKOFF.delay(i32::MAX, 1.0), Duration::from_secs(600));
        assert_eq!(BACKOFF.delay(0, 1.0), Duration::from_secs(1));
        assert_eq!(BACKOFF.delay(-5, 0.0), Duration::from_millis(500));
    }
}
