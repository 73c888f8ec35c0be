//! Keyset pagination: an opaque cursor of (time, id) and a bounded page size.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::contact::Contact;
use crate::conversation::ConversationSummary;
use crate::error::ValidationError;
use crate::message::Message;
use crate::templates::Template;

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

    /// How many items a keyset read asks for: one more than the page, so the extra one tells
    /// whether a next page exists (see [`Page::from_fetched`]).
    pub const fn to_fetch(self) -> u16 {
        self.0 + 1
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

impl<T> Page<T> {
    /// The page of `limit` from the items a keyset read fetched in list order (at most
    /// [`PageLimit::to_fetch`]): an extra item is dropped and only says that a next page exists,
    /// starting after the last item kept (`cursor_of` tells where an item sits).
    pub fn from_fetched(
        mut items: Vec<T>,
        limit: PageLimit,
        cursor_of: impl Fn(&T) -> Cursor,
    ) -> Self {
        let limit = usize::from(limit.get());
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().map(cursor_of)
        } else {
            None
        };
        Self { items, next }
    }
}

impl ConversationSummary {
    /// Where it sits in the inbox list, newest activity first: (`last_message_at`, id).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            at: self.conversation.last_message_at,
            id: self.conversation.id.as_uuid(),
        }
    }
}

impl Contact {
    /// Where it sits in the contact list, newest first: (`created_at`, id).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            at: self.created_at,
            id: self.id.as_uuid(),
        }
    }
}

impl Message {
    /// Where it sits in a message page or a media gallery, newest first: (`sent_at`, id).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            at: self.sent_at,
            id: self.id.as_uuid(),
        }
    }
}

impl Template {
    /// Where it sits in an account's template list, newest first: (`created_at`, id).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            at: self.created_at,
            id: self.id.as_uuid(),
        }
    }
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

    fn cursor(n: i64) -> Cursor {
        Cursor {
            at: OffsetDateTime::from_unix_timestamp(n).unwrap(),
            id: Uuid::from_u128(n as u128),
        }
    }

    #[test]
    fn a_full_page_plus_one_has_a_next_cursor_of_its_last_item() {
        let limit = PageLimit::parse(Some(2)).unwrap();
        assert_eq!(limit.to_fetch(), 3);
        let page = Page::from_fetched(vec![3, 2, 1], limit, |n| cursor(*n));
        assert_eq!(page.items, vec![3, 2]);
        assert_eq!(page.next, Some(cursor(2)));
    }

    #[test]
    fn a_short_or_exact_page_is_the_last() {
        let limit = PageLimit::parse(Some(2)).unwrap();
        assert_eq!(
            Page::from_fetched(vec![3, 2], limit, |n| cursor(*n)).next,
            None
        );
        assert_eq!(
            Page::from_fetched(Vec::<i64>::new(), limit, |n| cursor(*n)).next,
            None
        );
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
