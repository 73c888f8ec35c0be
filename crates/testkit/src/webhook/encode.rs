//! Meta's JSON encoding (non-ASCII as `\uXXXX`, `/` as `\/`) and its `X-Hub-Signature-256`.

use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::fmt::Write as _;

/// Encodes `value` the way Meta's webhooks do: non-ASCII escaped as `\uXXXX` (UTF-16, lowercase
/// hex) and `/` as `\/`, so a receiver that re-serialises the body cannot verify its signature.
pub fn meta_json(value: &Value) -> Vec<u8> {
    let plain = value.to_string();
    let mut out = String::with_capacity(plain.len() + plain.len() / 8);
    // Outside strings, JSON is ASCII without `/`: every character handled here is inside one.
    for c in plain.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.into_bytes()
}

/// The `X-Hub-Signature-256` value for `body` under the app `secret`.
#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length: the error cannot happen"
)]
pub fn sign(body: &[u8], secret: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The body as given and its signature header, ready to POST to the webhook route.
pub fn signed(body: &[u8], secret: &[u8]) -> (Vec<u8>, String) {
    (body.to_vec(), sign(body, secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn meta_encoding_escapes_non_ascii_and_slashes_and_stays_equal_json() {
        let value = json!({"body": "olá 👍", "mime_type": "image/jpeg"});
        let bytes = meta_json(&value);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains(r"ol\u00e1 \ud83d\udc4d"), "{text}");
        assert!(text.contains(r"image\/jpeg"), "{text}");
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), value);
    }

    #[test]
    fn signature_matches_the_rfc_4231_style_reference() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
        assert_eq!(
            sign(b"The quick brown fox jumps over the lazy dog", b"key"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }
}
