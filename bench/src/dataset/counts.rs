//! How many messages each conversation gets: a lognormal body plus a Zipf tail (a few over 10k).

use crate::rng::{Rng, Weighted};

/// Share of all messages handed out by the Zipf tail.
const TAIL_SHARE: f64 = 0.2;
/// Zipf exponent of the tail.
const TAIL_EXPONENT: f64 = 1.0;
/// Spread of the lognormal body.
const BODY_SIGMA: f64 = 1.0;

/// Message counts of `conversations` conversations summing exactly to `messages`, each at least 1.
pub fn message_counts(conversations: usize, messages: usize, rng: &mut Rng) -> Vec<u32> {
    assert!(conversations > 0 && messages >= conversations);
    let tail = ((messages as f64) * TAIL_SHARE) as usize;
    let body = messages - tail;
    // Body: everyone gets one, the rest by lognormal weights.
    let weights: Vec<f64> = (0..conversations)
        .map(|_| (rng.normal() * BODY_SIGMA).exp())
        .collect();
    let mut counts = allocate(body - conversations, &weights, rng);
    counts.iter_mut().for_each(|c| *c += 1);
    // Tail: Zipf over a random order of the conversations.
    let mut order: Vec<usize> = (0..conversations).collect();
    shuffle(&mut order, rng);
    let zipf: Vec<f64> = (0..conversations)
        .map(|rank| 1.0 / ((rank + 1) as f64).powf(TAIL_EXPONENT))
        .collect();
    let tail_counts = allocate(tail, &zipf, rng);
    for (rank, extra) in tail_counts.into_iter().enumerate() {
        counts[order[rank]] += extra;
    }
    counts
}

/// Splits `total` by `weights`: floor shares, the remainder one by one to weighted random picks.
fn allocate(total: usize, weights: &[f64], rng: &mut Rng) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let mut counts: Vec<u32> = weights
        .iter()
        .map(|w| ((total as f64) * w / sum).floor() as u32)
        .collect();
    let given: usize = counts.iter().map(|&c| c as usize).sum();
    let picker = Weighted::new(weights.iter().copied());
    for _ in given..total {
        counts[picker.sample(rng)] += 1;
    }
    counts
}

/// Fisher–Yates.
pub fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_exactly_and_have_a_long_tail() {
        let counts = message_counts(100_000, 2_000_000, &mut Rng::new(42));
        assert_eq!(counts.iter().map(|&c| u64::from(c)).sum::<u64>(), 2_000_000);
        assert!(counts.iter().all(|&c| c >= 1));
        let over_10k = counts.iter().filter(|&&c| c > 10_000).count();
        assert!(
            (1..=10).contains(&over_10k),
            "{over_10k} conversations over 10k"
        );
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        assert!((5..=30).contains(&median), "median {median}");
    }

    #[test]
    fn counts_are_deterministic() {
        let a = message_counts(1000, 20_000, &mut Rng::new(1));
        let b = message_counts(1000, 20_000, &mut Rng::new(1));
        assert_eq!(a, b);
    }
}
