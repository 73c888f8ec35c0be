//! A JSON writer for the hot read bodies: keys and punctuation are written as literals, values
//! are escaped exactly as `serde_json` escapes them, so the bytes equal `serde_json::to_vec` of
//! the DTOs (the tests of `conversation_json` and `message_json` compare them) at a fraction of
//! the cost: `serde_json` escapes every key again and the DTOs clone every string first.

use std::io::Write as _;

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// A body that could not be written: a time outside what RFC 3339 can show (as with serde).
#[derive(Debug, thiserror::Error)]
pub enum JsonOutError {
    /// A time RFC 3339 cannot represent (a year past 9999, an offset with seconds).
    #[error("formatting a time as RFC 3339")]
    Time(#[from] time::error::Format),
    /// A `serde_json::Value` that failed to serialise (not expected for parsed JSON).
    #[error("serialising a JSON value")]
    Value(#[from] serde_json::Error),
}

/// The bytes of one JSON body being written.
pub(crate) struct JsonOut {
    buf: Vec<u8>,
}

impl JsonOut {
    /// An empty body with room for `capacity` bytes, so a page is written without regrowing.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The finished body.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Literal JSON: punctuation and keys, written as they are.
    pub(crate) fn raw(&mut self, json: &str) {
        self.buf.extend_from_slice(json.as_bytes());
    }

    /// A string, quoted and escaped.
    pub(crate) fn str(&mut self, text: &str) {
        self.buf.push(b'"');
        escape_into(&mut self.buf, text.as_bytes());
        self.buf.push(b'"');
    }

    /// A string, or `null`.
    pub(crate) fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.str(text),
            None => self.null(),
        }
    }

    /// `null`.
    pub(crate) fn null(&mut self) {
        self.raw("null");
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A whole number.
    pub(crate) fn int(&mut self, value: i64) {
        // Writing into a Vec cannot fail.
        let _ = write!(self.buf, "{value}");
    }

    /// A UUID, hyphenated and lower case (how `uuid` serialises for JSON).
    pub(crate) fn uuid(&mut self, id: Uuid) {
        self.buf.push(b'"');
        let mut text = Uuid::encode_buffer();
        self.buf
            .extend_from_slice(id.hyphenated().encode_lower(&mut text).as_bytes());
        self.buf.push(b'"');
    }

    /// A UUID, or `null`.
    pub(crate) fn opt_uuid(&mut self, id: Option<Uuid>) {
        match id {
            Some(id) => self.uuid(id),
            None => self.null(),
        }
    }

    /// A time in RFC 3339 (as `time::serde::rfc3339`); its characters need no escaping.
    ///
    /// # Errors
    ///
    /// [`JsonOutError::Time`] when RFC 3339 cannot represent it.
    pub(crate) fn time(&mut self, at: OffsetDateTime) -> Result<(), JsonOutError> {
        self.buf.push(b'"');
        at.format_into(&mut self.buf, &Rfc3339)?;
        self.buf.push(b'"');
        Ok(())
    }

    /// A time in RFC 3339, or `null`.
    ///
    /// # Errors
    ///
    /// [`JsonOutError::Time`] when RFC 3339 cannot represent it.
    pub(crate) fn opt_time(&mut self, at: Option<OffsetDateTime>) -> Result<(), JsonOutError> {
        match at {
            Some(at) => self.time(at),
            None => {
                self.null();
                Ok(())
            }
        }
    }

    /// Any JSON value, through `serde_json` itself.
    ///
    /// # Errors
    ///
    /// [`JsonOutError::Value`] when `serde_json` refuses it.
    pub(crate) fn value(&mut self, value: &Value) -> Result<(), JsonOutError> {
        serde_json::to_writer(&mut self.buf, value)?;
        Ok(())
    }
}

/// A keyset page as `{"items":[...],"<cursor_key>":...}`, each item written by `write_item`,
/// with `item_bytes` reserved per item up front.
///
/// # Errors
///
/// The first error `write_item` returns.
pub(crate) fn page_json<T>(
    page: &inbox_domain::Page<T>,
    item_bytes: usize,
    cursor_key: &str,
    write_item: impl Fn(&mut JsonOut, &T) -> Result<(), JsonOutError>,
) -> Result<Vec<u8>, JsonOutError> {
    let mut out = JsonOut::with_capacity(64 + page.items.len() * item_bytes);
    out.raw("{\"items\":[");
    for (i, item) in page.items.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        write_item(&mut out, item)?;
    }
    out.raw("],\"");
    out.raw(cursor_key);
    out.raw("\":");
    out.opt_str(page.next.map(|c| c.encode()).as_deref());
    out.raw("}");
    Ok(out.into_bytes())
}

/// Whether `byte` needs an escape in a JSON string: the quote, the backslash, control characters.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any of the eight bytes in `word` needs an escape (word-at-a-time: a body is mostly
/// plain text, so most words are skipped whole).
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    // A byte below 0x20 (exact for thresholds up to 0x80).
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    control
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// Appends `text` escaped as `serde_json` escapes it: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other control characters as `\u00xx`; everything else (DEL, non-ASCII) as it is.
fn escape_into(buf: &mut Vec<u8>, text: &[u8]) {
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some(word) = text.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !word_needs_escape(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let byte = text[i];
        if needs_escape(byte) {
            buf.extend_from_slice(&text[start..i]);
            push_escaped(buf, byte);
            start = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&text[start..]);
}

/// Appends the escape of one byte that [`needs_escape`].
fn push_escaped(buf: &mut Vec<u8>, byte: u8) {
    match byte {
        b'"' => buf.extend_from_slice(b"\\\""),
        b'\\' => buf.extend_from_slice(b"\\\\"),
        b'\x08' => buf.extend_from_slice(b"\\b"),
        b'\x0c' => buf.extend_from_slice(b"\\f"),
        b'\n' => buf.extend_from_slice(b"\\n"),
        b'\r' => buf.extend_from_slice(b"\\r"),
        b'\t' => buf.extend_from_slice(b"\\t"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(byte >> 4)]);
            buf.push(HEX[usize::from(byte & 0xf)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = JsonOut::with_capacity(0);
        out.str(text);
        String::from_utf8(out.into_bytes()).unwrap()
    }

    #[test]
    fn strings_are_escaped_byte_for_byte_as_serde_json_escapes_them() {
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii.push_str("é€👍\u{2028}\u{2029}\u{feff}");
        for text in [
            "",
            "plain",
            "\"quoted\"",
            "back\\slash",
            "line\nbreak\r\n\ttab",
            "\u{0}\u{1f}\u{7f}",
            every_ascii.as_str(),
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn escapes_are_found_at_every_place_in_a_word() {
        // Each escaped byte at each offset of long plain runs, so the word-at-a-time skip
        // sees it in every lane, and bytes just around the thresholds pass unescaped.
        for special in [
            '"', '\\', '\n', '\u{0}', '\u{1f}', ' ', '!', '#', '[', ']', '\u{7f}', 'é',
        ] {
            for offset in 0..17 {
                let text = format!("{}{special}{}", "a".repeat(offset), "b".repeat(20 - offset));
                assert_eq!(
                    written(&text),
                    serde_json::to_string(&text).unwrap(),
                    "{text:?}"
                );
            }
        }
        for text in [
            "x",
            "\"\"\"\"\"\"\"\"\"",
            "plain text of more than eight bytes",
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn mixed_strings_of_every_length_match_serde_json() {
        // Mostly plain characters, so whole clean words occur next to escapes in every lane.
        let alphabet = [
            'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', ' ', 'é', '👍',
            '\u{7f}', '~', '"', '\\', '\n', '\u{1}', '\t',
        ];
        // A fixed linear congruential sequence: the same strings on every run.
        let mut state: u64 = 42;
        for length in 0..64 {
            for _ in 0..20 {
                let text: String = (0..length)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        alphabet[(state >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                assert_eq!(
                    written(&text),
                    serde_json::to_string(&text).unwrap(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn uuids_times_and_numbers_match_their_serde_forms() {
        let id = Uuid::now_v7();
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_714_557_600_123_456_000).unwrap();
        let mut out = JsonOut::with_capacity(0);
        out.uuid(id);
        out.time(at).unwrap();
        out.int(-131_047);
        out.int(i64::MAX);
        let expected = format!(
            "{}{}{}{}",
            serde_json::to_string(&id).unwrap(),
            serde_json::to_string(&at.format(&Rfc3339).unwrap()).unwrap(),
            -131_047,
            i64::MAX
        );
        assert_eq!(String::from_utf8(out.into_bytes()).unwrap(), expected);
    }

    #[test]
    fn a_time_rfc_3339_cannot_show_is_an_error() {
        let odd_offset = time::UtcOffset::from_hms(1, 0, 30).unwrap();
        let at = time::macros::datetime!(2024-05-01 10:00).assume_offset(odd_offset);
        assert!(JsonOut::with_capacity(0).time(at).is_err());
    }
}
