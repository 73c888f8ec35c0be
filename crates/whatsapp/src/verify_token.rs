//! The verify token of Meta's subscription handshake (`GET` with `hub.verify_token`).

use subtle::{Choice, ConstantTimeEq};

/// Whether `given` equals one of the non-empty `configured` tokens, compared in constant time.
///
/// No token configured means no match: the handshake fails closed.
pub fn matches(given: &str, configured: &[&str]) -> bool {
    let mut matched = Choice::from(0);
    for token in configured.iter().filter(|token| !token.is_empty()) {
        matched |= given.as_bytes().ct_eq(token.as_bytes());
    }
    matched.into()
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn any_configured_token_matches() {
        assert!(matches("second", &["first", "second"]));
        assert!(matches("first", &["first"]));
    }

    #[test]
    fn wrong_empty_or_unconfigured_tokens_do_not_match() {
        assert!(!matches("firs", &["first"]));
        assert!(!matches("first ", &["first"]));
        assert!(!matches("", &["", "x"]));
        assert!(!matches("anything", &[]));
        assert!(!matches("", &[]));
    }
}
