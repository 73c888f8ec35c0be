//! Synthetic text: message bodies, names, emoji, and short sortable wamids.

use crate::rng::Rng;

const WORDS: &[&str] = &[
    "hello",
    "order",
    "delivery",
    "thanks",
    "please",
    "when",
    "price",
    "available",
    "today",
    "tomorrow",
    "size",
    "colour",
    "invoice",
    "payment",
    "received",
    "shipping",
    "address",
    "tracking",
    "number",
    "refund",
    "exchange",
    "store",
    "open",
    "closed",
    "weekend",
    "morning",
    "afternoon",
    "again",
    "still",
    "waiting",
    "update",
    "status",
    "confirm",
    "booking",
    "table",
    "two",
    "people",
    "seven",
    "pm",
    "great",
    "perfect",
    "sorry",
    "problem",
    "broken",
    "photo",
    "attached",
    "question",
    "how",
    "much",
    "is",
    "the",
    "a",
    "my",
    "your",
    "we",
    "can",
    "you",
    "send",
    "it",
    "to",
    "for",
    "and",
    "of",
    "in",
    "ok",
];

const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Carla", "Deniz", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jonas", "Kemal",
    "Lea", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Yara", "Zoe",
];

const LAST_NAMES: &[&str] = &[
    "Silva", "Meyer", "Rossi", "Yilmaz", "Kowalski", "Okafor", "Nguyen", "Garcia", "Dubois",
    "Jensen", "Khan", "Novak", "Sato", "Costa", "Weber",
];

/// Reaction emoji.
pub const EMOJI: &[&str] = &["👍", "❤️", "😂", "😮", "😢", "🙏"];

/// Contact tags.
pub const TAGS: &[&str] = &["vip", "wholesale", "returning", "complaint", "lead", "b2b"];

/// Appends a sentence of `min..=max` words.
pub fn sentence(buf: &mut Vec<u8>, rng: &mut Rng, min: u64, max: u64) {
    let words = min + rng.below(max - min + 1);
    for i in 0..words {
        let word = rng.pick(WORDS).as_bytes();
        if i == 0 {
            buf.push(word[0].to_ascii_uppercase());
            buf.extend_from_slice(&word[1..]);
        } else {
            buf.push(b' ');
            buf.extend_from_slice(word);
        }
    }
    buf.push(if rng.chance(0.3) { b'?' } else { b'.' });
}

/// A person's name.
pub fn person_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// Appends `n` in base 36, zero-padded to `width` digits (so the text sorts like the number).
pub fn base36(buf: &mut Vec<u8>, mut n: u64, width: usize) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let start = buf.len();
    while n > 0 || buf.len() - start < width {
        buf.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    buf[start..].reverse();
}

/// Appends the synthetic wamid of message `index`: `wamid.B` + 7 base-36 digits.
pub fn message_wamid(buf: &mut Vec<u8>, index: u64) {
    buf.extend_from_slice(b"wamid.B");
    base36(buf, index, 7);
}

/// Appends the synthetic wamid of the reaction on message `index`.
pub fn reaction_wamid(buf: &mut Vec<u8>, index: u64) {
    buf.extend_from_slice(b"wamid.R");
    base36(buf, index, 7);
}

/// Appends `n` lowercase hex digits.
pub fn hex(buf: &mut Vec<u8>, rng: &mut Rng, n: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for _ in 0..n {
        buf.push(DIGITS[rng.below(16) as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wamids_are_fixed_width_and_sort_like_their_index() {
        let render = |i| {
            let mut b = Vec::new();
            message_wamid(&mut b, i);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(render(0), "wamid.B0000000");
        assert_eq!(render(35), "wamid.B000000z");
        assert_eq!(render(36), "wamid.B0000010");
        assert!(render(1_999_999) < render(2_000_000));
        assert_eq!(render(5_000_000).len(), render(1).len());
    }

    #[test]
    fn sentences_are_words() {
        let mut b = Vec::new();
        sentence(&mut b, &mut Rng::new(1), 2, 5);
        let s = String::from_utf8(b).unwrap();
        assert!(s.split(' ').count() >= 2, "{s}");
        assert!(s.ends_with('.') || s.ends_with('?'));
    }
}
