//! A small deterministic random generator (SplitMix64) and the distributions the generator needs.
//!
//! Written here rather than taken from `rand` so that a seed keeps producing the same data set
//! whatever version of a dependency the lock file holds.

/// SplitMix64: fast, statistically fine for synthetic data, stable forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// An independent generator for item `index` of stream `stream` under `seed`, so any item can
    /// be generated on its own in any order.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut mixer = Self(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        let base = mixer.next_u64();
        let mut rng = Self(base ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the multiply-shift bias is far below anything measured here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An exponentially distributed number with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// A standard normal number (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// 16 random bytes.
    pub fn bytes16(&mut self) -> [u8; 16] {
        let hi = self.next_u64().to_le_bytes();
        let lo = self.next_u64().to_le_bytes();
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&hi);
        out[8..].copy_from_slice(&lo);
        out
    }
}

/// Picks indexes `0..n` with probability proportional to given weights (cumulative table).
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// From weights (non-negative, not all zero).
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Self { cumulative }
    }

    /// Zipf over ranks `0..n`: rank `k` has weight `1 / (k + 1)^s`.
    pub fn zipf(n: usize, s: f64) -> Self {
        Self::new((1..=n).map(|k| 1.0 / (k as f64).powf(s)))
    }

    /// One index.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len().saturating_sub(1))
    }

    /// Probability of index `i`.
    #[cfg(test)]
    pub fn probability(&self, i: usize) -> f64 {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let before = if i == 0 { 0.0 } else { self.cumulative[i - 1] };
        (self.cumulative[i] - before) / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(1).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(
            Rng::derive(1, 2, 3).next_u64(),
            Rng::derive(1, 2, 3).next_u64()
        );
        assert_ne!(
            Rng::derive(1, 2, 3).next_u64(),
            Rng::derive(1, 2, 4).next_u64()
        );
        assert_ne!(
            Rng::derive(1, 2, 3).next_u64(),
            Rng::derive(1, 3, 3).next_u64()
        );
        // Pinned: a changed generator would silently change every data set.
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn below_and_unit_stay_in_range() {
        let mut rng = Rng::new(9);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn weighted_sampling_follows_the_weights() {
        let w = Weighted::new([6.0, 3.0, 1.0]);
        let mut rng = Rng::new(5);
        let mut counts = [0u32; 3];
        for _ in 0..100_000 {
            counts[w.sample(&mut rng)] += 1;
        }
        assert!((59_000..61_000).contains(&counts[0]), "{counts:?}");
        assert!((29_000..31_000).contains(&counts[1]), "{counts:?}");
        assert!((9_400..10_600).contains(&counts[2]), "{counts:?}");
        assert!((w.probability(2) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn zipf_favours_low_ranks() {
        let z = Weighted::zipf(1000, 1.0);
        assert!(z.probability(0) > 10.0 * z.probability(20));
        let mut rng = Rng::new(3);
        assert!((0..1000).all(|_| z.sample(&mut rng) < 1000));
    }
}
