//! How a contact search is run: through the trigram index, or by testing each listed row. The
//! same choice as the PostgreSQL adapter's, so both run the same function for a term.

/// Whether the trigram index can find `term`: it indexes runs of three letters or digits, so a
/// term with none would make it read every entry; such terms are tested on each listed row.
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
