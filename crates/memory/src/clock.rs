//! Time as a PostgreSQL `timestamptz` holds it: UTC, whole microseconds.

use time::macros::datetime;
use time::{Duration, OffsetDateTime, UtcOffset};

/// PostgreSQL's epoch; the binary protocol sends microseconds since it, cut toward it.
const PG_EPOCH: OffsetDateTime = datetime!(2000-01-01 0:00 UTC);

/// `t` as PostgreSQL stores it: in UTC, with the sub-microsecond part dropped toward
/// 2000-01-01, exactly as `tokio-postgres` encodes it.
pub(crate) fn stored(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    let excess = (t - PG_EPOCH).subsec_nanoseconds() % 1_000;
    t - Duration::nanoseconds(i64::from(excess))
}

/// The current time as PostgreSQL's `now()` would store it.
pub(crate) fn now() -> OffsetDateTime {
    stored(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_nanoseconds_after_2000() {
        let t = datetime!(2025-01-15 10:00:00.123_456_789 UTC);
        assert_eq!(stored(t), datetime!(2025-01-15 10:00:00.123_456 UTC));
    }

    #[test]
    fn cuts_toward_2000_before_it() {
        let t = datetime!(1999-12-31 23:59:59.123_456_789 UTC);
        assert_eq!(stored(t), datetime!(1999-12-31 23:59:59.123_457 UTC));
    }

    #[test]
    fn moves_to_utc() {
        let t = datetime!(2025-01-15 12:00:00.5 +02:00);
        assert_eq!(stored(t).offset(), UtcOffset::UTC);
        assert_eq!(stored(t), t);
    }

    #[test]
    fn now_has_whole_microseconds() {
        assert_eq!(now().nanosecond() % 1_000, 0);
    }
}
