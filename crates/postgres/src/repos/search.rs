//! How a contact search is run: through the trigram index, or by testing each listed row.

/// Whether the trigram index can find `term`: it indexes runs of three letters or digits, so a
/// term with none (one or two characters, or separated ones) would make it read every entry. A
/// short term is tested on each row of the ordered list instead, which stops as soon as the page
/// is full: such terms match many contacts.
pub(crate) fn uses_trigram_index(term: &str) -> bool {
    let mut run = 0;
    for c in term.chars() {
        run = if c.is_alphanumeric() { run + 1 } else { 0 };
        if run == 3 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_letters_or_digits_in_a_row_use_the_index() {
        for term in ["ada", "4915", "x abc", "Zoë"] {
            assert!(uses_trigram_index(term), "{term}");
        }
        for term in ["a", "ab", "a b c", "ab-cd", "+4"] {
            assert!(!uses_trigram_index(term), "{term}");
        }
    }
}
