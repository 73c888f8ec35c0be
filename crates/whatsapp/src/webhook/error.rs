//! Why a delivery could not be read at all, and how reasons are kept free of personal data.

use thiserror::Error;

/// A delivery that is not a WhatsApp webhook envelope; the worker parks it with this message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The body is not valid JSON (syntax error or truncated).
    #[error("body is not valid JSON: {0}")]
    Json(String),
    /// The body is JSON but `object` is not `whatsapp_business_account`.
    #[error("not a WhatsApp Business Account delivery: `object` is {0}")]
    WrongObject(String),
    /// The body is JSON but `object` or `entry` is missing or has the wrong type.
    #[error("not a webhook envelope: {0}")]
    Envelope(String),
}

/// A serde error's message with payload values taken out.
///
/// serde quotes offending values: strings in double quotes, numbers in back quotes. The reasons
/// we keep may be logged, and payload values are personal data. Double-quoted text becomes `"…"`;
/// back-quoted text stays only when it looks like a field name (`missing field `id``).
pub(crate) fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let quote = if from_quote.starts_with('"') {
            '"'
        } else {
            '`'
        };
        let inner = &from_quote[1..];
        let (content, after) = match inner.find(quote) {
            Some(end) => (&inner[..end], &inner[end + 1..]),
            None => (inner, ""),
        };
        let keep = quote == '`' && is_field_name(content);
        out.push(quote);
        out.push_str(if keep { content } else { "…" });
        out.push(quote);
        rest = after;
    }
    out.push_str(rest);
    out
}

fn is_field_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Describes Meta's `object` value without echoing arbitrary text.
pub(crate) fn describe_object(value: &str) -> String {
    let plain = |b: u8| b.is_ascii_lowercase() || b == b'_';
    if !value.is_empty() && value.len() <= 40 && value.bytes().all(plain) {
        format!("`{value}`")
    } else {
        "an unexpected value".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_removes_quoted_values_but_keeps_the_shape() {
        assert_eq!(
            redact(r#"invalid type: string "Ana Lima", expected f64"#),
            r#"invalid type: string "…", expected f64"#
        );
        assert_eq!(redact("missing field `id`"), "missing field `id`");
        assert_eq!(
            redact("invalid type: integer `16505551234`, expected a string"),
            "invalid type: integer `…`, expected a string"
        );
        assert_eq!(redact(r#"bad "open"#), r#"bad "…""#);
        assert_eq!(
            redact("no quotes at line 1 column 5"),
            "no quotes at line 1 column 5"
        );
    }

    #[test]
    fn object_is_echoed_only_when_plain() {
        assert_eq!(describe_object("page"), "`page`");
        assert_eq!(describe_object("Ana +1 650"), "an unexpected value");
    }
}
