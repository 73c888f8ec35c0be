//! A token bucket per business number, so sends stay under Meta's throughput (80 messages/s by
//! default, up to 1,000 on higher tiers).
//!
//! Each send reserves the next free slot of its number (GCRA, the "virtual scheduling" form of a
//! token bucket): slots are `1 / rate` apart, and an idle number may use up to `burst` slots at
//! once. Reserving never blocks; the caller waits until its slot. Time is passed in, so the
//! arithmetic is tested with a clock the test controls.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Highest rate a number may be given (Meta's top throughput tier).
pub const MAX_RATE: u32 = 1000;

/// One number's bucket: when its next slot is free, at `interval` per send, with `burst` slots
/// available after a pause.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    next_free: Instant,
    interval: Duration,
    burst: u32,
}

impl Bucket {
    fn new(rate: u32, now: Instant) -> Self {
        let rate = rate.clamp(1, MAX_RATE);
        let mut bucket = Self {
            next_free: now,
            interval: Duration::from_secs(1) / rate,
            // A tenth of a second's worth: enough to fill a batch, small enough that a second
            // never holds more than rate + burst sends.
            burst: (rate / 10).max(1),
        };
        // A new number starts with its burst available, as an idle one does.
        bucket.next_free = bucket.earliest(now);
        bucket
    }

    /// The earliest slot at `now`: `burst` slots back, so an idle number may use them at once.
    fn earliest(&self, now: Instant) -> Instant {
        let credit = self.interval * (self.burst - 1);
        now.checked_sub(credit).unwrap_or(now)
    }

    /// Reserves the next slot; how long from `now` until it.
    fn reserve(&mut self, now: Instant) -> Duration {
        let slot = self.next_free.max(self.earliest(now));
        self.next_free = slot + self.interval;
        slot.saturating_duration_since(now)
    }
}

/// The buckets of every number, created on first use with the number's configured rate.
#[derive(Debug)]
pub struct RateLimiter {
    default_rate: u32,
    rates: HashMap<String, u32>,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// `default_rate` messages per second per number, `rates` overriding it per
    /// phone_number_id; every rate is clamped to 1..=1,000.
    pub fn new(default_rate: u32, rates: HashMap<String, u32>) -> Self {
        Self {
            default_rate,
            rates,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The rate of `number`.
    pub fn rate_of(&self, number: &str) -> u32 {
        self.rates
            .get(number)
            .copied()
            .unwrap_or(self.default_rate)
            .clamp(1, MAX_RATE)
    }

    /// Reserves a send of `number` at `now`; how long to wait before sending.
    pub fn reserve(&self, number: &str, now: Instant) -> Duration {
        let rate = self.rate_of(number);
        let mut buckets = match self.buckets.lock() {
            Ok(buckets) => buckets,
            // A panic elsewhere cannot leave a bucket half-changed: reuse it.
            Err(poisoned) => poisoned.into_inner(),
        };
        buckets
            .entry(number.to_owned())
            .or_insert_with(|| Bucket::new(rate, now))
            .reserve(now)
    }

    /// Waits for a slot of `number`.
    pub async fn acquire(&self, number: &str) {
        let wait = self.reserve(number, Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many of `sends` reservations made at once at `start` get a slot within `window`.
    fn slots_within(
        limiter: &RateLimiter,
        number: &str,
        start: Instant,
        sends: u32,
        window: Duration,
    ) -> u32 {
        (0..sends)
            .filter(|_| limiter.reserve(number, start) < window)
            .count()
            .try_into()
            .unwrap()
    }

    #[test]
    fn a_second_holds_the_rate_plus_the_burst() {
        let limiter = RateLimiter::new(80, HashMap::new());
        let start = Instant::now();
        let served = slots_within(&limiter, "1", start, 500, Duration::from_secs(1));
        // The burst of 8 at once, then one slot every 12.5 ms.
        assert!(
            (80..=80 + 8).contains(&served),
            "80/s with a burst of 8: {served}"
        );
    }

    #[test]
    fn a_sustained_stream_is_paced_at_the_rate() {
        let limiter = RateLimiter::new(1000, HashMap::new());
        let start = Instant::now();
        // Ten seconds of demand, reserved as the clock moves (each millisecond, five sends).
        let mut within_ten = 0;
        for ms in 0..10_000_u64 {
            let now = start + Duration::from_millis(ms);
            for _ in 0..5 {
                if now + limiter.reserve("1", now) < start + Duration::from_secs(10) {
                    within_ten += 1;
                }
            }
        }
        assert!(
            (10_000..=10_100).contains(&within_ten),
            "1,000/s for ten seconds (plus a burst of 100): {within_ten}"
        );
    }

    #[test]
    fn numbers_have_buckets_of_their_own_and_their_own_rates() {
        let rates = HashMap::from([("fast".to_owned(), 500)]);
        let limiter = RateLimiter::new(80, rates);
        let start = Instant::now();
        let second = Duration::from_secs(1);
        let slow = slots_within(&limiter, "slow", start, 1000, second);
        let fast = slots_within(&limiter, "fast", start, 1000, second);
        let other = slots_within(&limiter, "other", start, 1000, second);
        assert!((80..=88).contains(&slow), "slow: {slow}");
        assert!((500..=550).contains(&fast), "fast: {fast}");
        assert_eq!(other, slow, "a number of its own, as full as the first");
    }

    #[test]
    fn rates_are_clamped_to_the_top_tier() {
        let rates = HashMap::from([("huge".to_owned(), 50_000), ("zero".to_owned(), 0)]);
        let limiter = RateLimiter::new(80, rates);
        assert_eq!(limiter.rate_of("huge"), 1000);
        assert_eq!(limiter.rate_of("zero"), 1);
    }

    #[test]
    fn an_idle_number_gets_its_burst_again() {
        let limiter = RateLimiter::new(100, HashMap::new());
        let start = Instant::now();
        let second = Duration::from_secs(1);
        let first = slots_within(&limiter, "1", start, 200, second);
        assert!((100..=110).contains(&first), "{first}");
        // Long after the backlog drained, a burst is free again at once.
        let later = start + Duration::from_secs(60);
        assert_eq!(
            slots_within(&limiter, "1", later, 20, Duration::from_nanos(1)),
            10
        );
    }
}
