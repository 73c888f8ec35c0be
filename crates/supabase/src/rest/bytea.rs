//! `bytea` values in PostgREST's JSON: PostgreSQL's hex format, `\x` then two hex digits a byte.

use std::fmt::Write as _;

/// `bytes` as a `bytea` JSON string (`\x7b7d` for `{}`).
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(2 + bytes.len() * 2);
    text.push_str("\\x");
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// The bytes of a `bytea` JSON string, or `None` when it is not in hex format.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let hex = text.strip_prefix("\\x")?.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    hex.chunks_exact(2)
        .map(|pair| {
            let digit = |c: u8| char::from(c).to_digit(16);
            u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_through_hex() {
        let bytes = b"{\"a\":1}\x00\xff".to_vec();
        assert_eq!(encode(b"{}"), "\\x7b7d");
        assert_eq!(decode(&encode(&bytes)), Some(bytes));
        assert_eq!(decode("\\x"), Some(Vec::new()));
        for bad in ["7b7d", "\\x7", "\\xzz"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
