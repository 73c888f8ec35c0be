//! What the schema in `migrations/` names, as the domain names it: the entity a table, a
//! constraint or a foreign key belongs to. Both storage adapters map database errors with it, so
//! a unique violation names the same entity on PostgreSQL and over PostgREST. `stored` makes the
//! views' rows into domain values and `calls` encodes the SQL functions' arguments, once for both
//! adapters.

pub mod calls;
mod select;
pub mod stored;

/// The entity a violated rule belongs to, from the table or the constraint's table prefix.
pub fn entity_of(table: Option<&str>, constraint: &str) -> &'static str {
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
pub fn referenced_entity(constraint: &str) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_keys_name_the_referenced_entity() {
        for (constraint, entity) in [
            ("conversations_contact_fkey", "contact"),
            ("messages_conversation_fkey", "conversation"),
            ("contacts_account_id_fkey", "account"),
            ("conversations_account_id_fkey", "account"),
            ("messages_reply_to_id_fkey", "message"),
            ("conversations_last_message_fkey", "message"),
            ("message_reactions_message_id_fkey", "message"),
            ("app_user_roles_user_id_fkey", "user"),
            ("app_user_roles_role_id_fkey", "role"),
            ("app_user_roles_account_id_fkey", "account"),
            ("app_user_overrides_permission_key_fkey", "permission"),
            ("something_else", "record"),
        ] {
            assert_eq!(referenced_entity(constraint), entity, "{constraint}");
        }
    }

    #[test]
    fn violated_rules_name_their_table_entity() {
        for (table, constraint, entity) in [
            (Some("accounts"), "accounts_phone_number_id_key", "account"),
            (None, "accounts_pkey", "account"),
            (None, "messages_wamid_key", "message"),
            (Some("messages"), "messages_pkey", "message"),
            (None, "message_reactions_pkey", "reaction"),
            (Some("contacts"), "contacts_profile_name_check", "contact"),
            (None, "conversations_account_contact_key", "conversation"),
            (None, "app_users_email_key", "user"),
            (
                Some("app_user_roles"),
                "app_user_roles_key",
                "role_assignment",
            ),
            (None, "", "record"),
        ] {
            assert_eq!(entity_of(table, constraint), entity, "{constraint}");
        }
    }
}
