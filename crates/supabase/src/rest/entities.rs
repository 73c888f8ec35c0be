//! Which entity a violated rule belongs to, named as the PostgreSQL adapter names it.
//!
//! The same tables as `inbox-postgres`'s `repo_error` (kept in step with it by the shared
//! contract suites: a different name is a failing case on one backend).

/// The entity a violated rule belongs to, from the table or the constraint's table prefix.
pub(crate) fn entity_of(table: Option<&str>, constraint: &str) -> &'static str {
    const TABLES: [(&str, &str); 11] = [
        ("app_user_overrides", "override"),
        ("app_user_roles", "role_assignment"),
        ("app_users", "user"),
        ("app_roles", "role"),
        ("app_permissions", "permission"),
        ("invitations", "invitation"),
        ("message_reactions", "reaction"),
        ("conversations", "conversation"),
        ("contacts", "contact"),
        ("messages", "message"),
        ("accounts", "account"),
    ];
    let by_name = |name: &str| {
        TABLES
            .iter()
            .find(|(t, _)| name == *t || name.strip_prefix(t).is_some_and(|r| r.starts_with('_')))
            .map(|(_, entity)| *entity)
    };
    table
        .and_then(by_name)
        .or_else(|| by_name(constraint))
        .unwrap_or("record")
}

/// The entity a foreign key points at, e.g. `conversations_contact_fkey` → "contact".
pub(crate) fn referenced_entity(constraint: &str) -> &'static str {
    let column = constraint
        .strip_suffix("_fkey")
        .unwrap_or(constraint)
        .trim_end_matches("_id");
    [
        ("reply_to", "message"),
        ("permission_key", "permission"),
        ("invited_by", "user"),
        ("user", "user"),
        ("role", "role"),
        ("last_message", "message"),
        ("conversation", "conversation"),
        ("contact", "contact"),
        ("message", "message"),
        ("account", "account"),
    ]
    .into_iter()
    .find(|(suffix, _)| column.ends_with(suffix))
    .map_or("record", |(_, entity)| entity)
}

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
