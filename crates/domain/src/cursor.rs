//! Keyset pagination: an opaque cursor of (time, id) and a bounded page size.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::ValidationError;

/// A position in a list ordered by (time desc, id desc); the next page starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// Ordering time of the last item seen.
    pub at: OffsetDateTime,
    /// Id of the last item seen; breaks ties between equal times.
    pub id: Uuid,
}

impl Cursor {
    /// The opaque text form clients pass back.
    pub fn encode(&self) -> String {
        let micros = self.at.unix_timestamp_nanos() / 1_000;
        URL_SAFE_NO_PAD.encode(format!("{micros}:{}", self.id.simple()))
    }

    /// Reads a cursor; `field` names the query parameter in the error.
    pub fn decode(field: &'static str, text: &str) -> Result<Self, ValidationError> {
        let invalid = || ValidationError::new(field, "is not a cursor returned by this API");
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        let raw = std::str::from_utf8(&bytes).map_err(|_| invalid())?;
        let (micros, id) = raw.split_once(':').ok_or_else(invalid)?;
        let micros: i128 = micros.parse().map_err(|_| invalid())?;
        let at =
            OffsetDateTime::from_unix_timestamp_nanos(micros * 1_000).map_err(|_| invalid())?;
        let id = Uuid::parse_str(id).map_err(|_| invalid())?;
        Ok(Self { at, id })
    }
}

/// How many items a page holds: 1 to 100, 50 unless asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimit(u16);

impl PageLimit {
    /// Largest page a client may ask for.
    pub const MAX: u16 = 100;

    /// Checks a requested size; `None` means the default of 50.
    pub fn parse(requested: Option<i64>) -> Result<Self, ValidationError> {
        match requested {
            None => Ok(Self(50)),
            Some(n) if (1..=i64::from(Self::MAX)).contains(&n) => Ok(Self(n as u16)),
            Some(_) => Err(ValidationError::new("limit", "must be between 1 and 100")),
        }
    }

    /// The size.
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl Default for PageLimit {
    fn default() -> Self {
        Self(50)
    }
}

/// One page of a keyset-paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items, in list order.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_with_microsecond_precision() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_000).unwrap();
        let cursor = Cursor {
            at,
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode("cursor", &cursor.encode()).unwrap(), cursor);
    }

    #[test]
    fn garbage_cursor_names_the_parameter() {
        for bad in ["", "!!!", "bm90LWEtY3Vyc29y", "MTI6bm90LWEtdXVpZA"] {
            assert_eq!(
                Cursor::decode("before", bad).unwrap_err().field,
                "before",
                "{bad}"
            );
        }
    }

    #[test]
    fn limits_default_to_50_and_stay_within_1_to_100() {
        assert_eq!(PageLimit::parse(None).unwrap().get(), 50);
        assert_eq!(PageLimit::parse(Some(100)).unwrap().get(), 100);
        assert!(PageLimit::parse(Some(0)).is_err());
        assert!(PageLimit::parse(Some(101)).is_err());
        assert!(PageLimit::parse(Some(-1)).is_err());
    }
}
