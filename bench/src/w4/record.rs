//! What fake Meta's record says about the throughput phase: the rate sends arrived at, second by
//! second, and whether every queued message arrived exactly once (by the message id we pass in
//! `biz_opaque_callback_data`). Pure functions over times and ids, so they are unit tested.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use uuid::Uuid;

/// The arrival rate of the sends, from their receive times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arrivals {
    /// Sends received.
    pub count: u64,
    /// From the first receive to the last, seconds.
    pub span_secs: f64,
    /// Sends per second over that span: `(count - 1) / span`.
    pub overall: f64,
    /// Sends received in each second from the first one (the last one is usually partial).
    pub per_second: Vec<u64>,
    /// Lowest, median and highest of the whole seconds (the last, partial one left out).
    pub whole_seconds: Option<[u64; 3]>,
}

impl Arrivals {
    /// Measures `times` (offsets from any common origin, in any order).
    pub fn of(times: &[Duration]) -> Self {
        let mut sorted = times.to_vec();
        sorted.sort_unstable();
        let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
            return Self::default();
        };
        let span = last - first;
        let mut per_second: Vec<u64> = vec![0; span.as_secs() as usize + 1];
        for time in &sorted {
            per_second[(*time - first).as_secs() as usize] += 1;
        }
        let mut whole: Vec<u64> = per_second[..per_second.len() - 1].to_vec();
        whole.sort_unstable();
        let whole_seconds = (!whole.is_empty()).then(|| {
            [
                whole[0],
                whole[(whole.len() - 1) / 2],
                whole[whole.len() - 1],
            ]
        });
        let count = sorted.len() as u64;
        let overall = if span.is_zero() {
            0.0
        } else {
            (count - 1) as f64 / span.as_secs_f64()
        };
        Self {
            count,
            span_secs: span.as_secs_f64(),
            overall,
            per_second,
            whole_seconds,
        }
    }

    /// The sustained rate as a share of `tier`: the median whole second, or the overall rate
    /// when the phase lasted less than two seconds.
    pub fn ratio(&self, tier: u32) -> f64 {
        let rate = self
            .whole_seconds
            .map_or(self.overall, |[_, median, _]| median as f64);
        rate / f64::from(tier.max(1))
    }
}

/// How the accepted sends match the queued messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deliveries {
    /// Queued messages.
    pub queued: u64,
    /// Queued messages Meta accepted exactly once.
    pub once: u64,
    /// Queued messages Meta accepted more than once (a double send).
    pub repeated: u64,
    /// Queued messages Meta never accepted.
    pub missing: u64,
    /// Accepted sends whose callback data names no queued message (or none at all).
    pub foreign: u64,
}

impl Deliveries {
    /// Matches the `callbacks` of the accepted sends with the `queued` message ids.
    pub fn of<'a>(
        queued: &HashSet<Uuid>,
        callbacks: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Self {
        let mut seen: HashMap<Uuid, u64> = HashMap::with_capacity(queued.len());
        let mut foreign = 0;
        for callback in callbacks {
            match callback.and_then(|c| Uuid::parse_str(c).ok()) {
                Some(id) if queued.contains(&id) => *seen.entry(id).or_default() += 1,
                _ => foreign += 1,
            }
        }
        let once = seen.values().filter(|&&n| n == 1).count() as u64;
        let repeated = seen.values().filter(|&&n| n > 1).count() as u64;
        Self {
            queued: queued.len() as u64,
            once,
            repeated,
            missing: queued.len() as u64 - once - repeated,
            foreign,
        }
    }

    /// Every queued message sent, none twice.
    pub fn exact(&self) -> bool {
        self.once == self.queued && self.repeated == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn arrivals_count_each_second_from_the_first_receive() {
        // 3 in the first second, 2 in the second, 1 in a partial third; unsorted input.
        let a = Arrivals::of(&ms(&[1_500, 100, 600, 900, 1_200, 2_100]));
        assert_eq!(a.count, 6);
        assert_eq!(a.per_second, vec![3, 2, 1]);
        assert_eq!(a.whole_seconds, Some([2, 2, 3]));
        assert!((a.span_secs - 2.0).abs() < 1e-9, "{a:?}");
        assert!((a.overall - 2.5).abs() < 1e-9, "{a:?}");
    }

    #[test]
    fn a_steady_stream_at_the_tier_has_a_ratio_of_one() {
        // 1,000/s for 5 s: one send every millisecond.
        let times: Vec<Duration> = (0..5_000).map(Duration::from_millis).collect();
        let a = Arrivals::of(&times);
        assert_eq!(a.per_second, vec![1000; 5]);
        assert_eq!(a.whole_seconds, Some([1000, 1000, 1000]));
        assert!((a.ratio(1000) - 1.0).abs() < 1e-9);
        assert!((a.ratio(2000) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn short_or_empty_records_fall_back_to_the_overall_rate() {
        assert_eq!(Arrivals::of(&[]), Arrivals::default());
        let one = Arrivals::of(&ms(&[7]));
        assert_eq!((one.count, one.overall, one.whole_seconds), (1, 0.0, None));
        let short = Arrivals::of(&ms(&[0, 250, 500]));
        assert_eq!(short.whole_seconds, None);
        assert!((short.ratio(4) - 1.0).abs() < 1e-9, "{short:?}");
    }

    #[test]
    fn deliveries_tell_once_twice_missing_and_foreign_apart() {
        let ids: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        let queued: HashSet<Uuid> = ids.iter().copied().collect();
        let texts: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let callbacks = [
            Some(texts[0].as_str()),
            Some(texts[1].as_str()),
            Some(texts[1].as_str()),
            Some(texts[2].as_str()),
            Some("not-ours"),
            None,
        ];
        let d = Deliveries::of(&queued, callbacks);
        assert_eq!(
            d,
            Deliveries {
                queued: 4,
                once: 2,
                repeated: 1,
                missing: 1,
                foreign: 2
            }
        );
        assert!(!d.exact());
        let all = Deliveries::of(&queued, texts.iter().map(|t| Some(t.as_str())));
        assert!(all.exact(), "{all:?}");
    }
}
