//! The subscription handshake's query string, read raw: its names contain dots.

/// `hub.mode`, `hub.verify_token` and `hub.challenge`, percent-decoded to bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct HubQuery {
    /// `hub.mode`; Meta sends `subscribe`.
    pub mode: Option<Vec<u8>>,
    /// `hub.verify_token`.
    pub verify_token: Option<Vec<u8>>,
    /// `hub.challenge`, echoed byte for byte.
    pub challenge: Option<Vec<u8>>,
}

impl HubQuery {
    /// Reads the three parameters from a raw query string; the first occurrence of each wins.
    pub(crate) fn parse(query: &str) -> Self {
        let mut out = Self::default();
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match decode(name).as_slice() {
                b"hub.mode" => &mut out.mode,
                b"hub.verify_token" => &mut out.verify_token,
                b"hub.challenge" => &mut out.challenge,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(decode(value));
            }
        }
        out
    }
}

/// `application/x-www-form-urlencoded` decoding to bytes: `+` is a space, `%XX` a byte; a `%`
/// not followed by two hex digits is kept as it is.
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = (b == b'%')
            .then(|| Some((hex(*bytes.get(i + 1)?)?, hex(*bytes.get(i + 2)?)?)))
            .flatten();
        match (b, escaped) {
            (_, Some((high, low))) => {
                out.push(high << 4 | low);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    out
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dotted_names_and_decodes_values() {
        let query = HubQuery::parse(
            "hub.mode=subscribe&hub.challenge=a%2Bb+c%25%zz&hub.verify_token=t%C3%A1&x=1",
        );
        assert_eq!(query.mode.as_deref(), Some(&b"subscribe"[..]));
        assert_eq!(query.challenge.as_deref(), Some(&b"a+b c%%zz"[..]));
        assert_eq!(query.verify_token.as_deref(), Some("tá".as_bytes()));
    }

    #[test]
    fn missing_names_stay_none_and_the_first_occurrence_wins() {
        let query = HubQuery::parse("hub.mode=subscribe&hub.mode=other&hub.challenge");
        assert_eq!(query.mode.as_deref(), Some(&b"subscribe"[..]));
        assert_eq!(query.challenge.as_deref(), Some(&b""[..]));
        assert_eq!(query.verify_token, None);
        assert_eq!(HubQuery::parse(""), HubQuery::default());
    }

    #[test]
    fn escaped_names_are_decoded_too() {
        let query = HubQuery::parse("hub%2Echallenge=%FF%00");
        assert_eq!(query.challenge.as_deref(), Some(&[0xff, 0x00][..]));
    }
}
