//! The synthetic data set: a deterministic plan of every row, and binary COPY encoders for it.

pub mod copy;
pub mod counts;
pub mod encode;
pub mod plan;
pub mod tables;
pub mod text;

/// End of the generated history: 2025-06-01T00:00:00Z, in microseconds since the Unix epoch.
pub const END_MICROS: i64 = 1_748_736_000_000_000;
/// Length of the generated history: one year.
pub const SPAN_MICROS: i64 = 365 * DAY_MICROS;
/// One day in microseconds.
pub const DAY_MICROS: i64 = 86_400_000_000;
/// One hour in microseconds.
pub const HOUR_MICROS: i64 = 3_600_000_000;

/// Independent random streams of the generator (see `Rng::derive`).
pub mod stream {
    /// Per-message content.
    pub const MESSAGE: u64 = 1;
    /// Per-message reaction.
    pub const REACTION: u64 = 2;
    /// Per-contact content.
    pub const CONTACT: u64 = 3;
    /// Per-conversation flags.
    pub const CONVERSATION: u64 = 4;
}
