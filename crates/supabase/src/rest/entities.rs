//! Which entity a function's own error names, where PostgREST dropped the constraint (the
//! table and constraint rules are `inbox_schema`'s, shared with the PostgreSQL adapter).

/// The entity a function's own error names in its message (`RAISE foreign_key_violation USING
/// MESSAGE = 'conversation does not exist', CONSTRAINT = …`): PostgREST passes the message on
/// but drops the constraint, so the first word that is an entity's name stands in for it.
pub(crate) fn entity_in_words(message: &str) -> Option<&'static str> {
    const ENTITIES: [&str; 10] = [
        "conversation",
        "message",
        "contact",
        "account",
        "user",
        "role",
        "invitation",
        "permission",
        "reaction",
        "override",
    ];
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .find_map(|word| ENTITIES.iter().find(|entity| **entity == word).copied())
}
