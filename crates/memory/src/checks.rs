//! The CHECK constraints of `migrations/V1__core.sql` and PostgreSQL's own text rules.

use inbox_domain::RepoError;
use serde_json::Value;

/// `char_length(value) BETWEEN min AND max` on `entity.column`, and no NUL character
/// (PostgreSQL text cannot hold one).
pub(crate) fn text(
    entity: &'static str,
    column: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), RepoError> {
    let length = value.chars().count();
    if !(min..=max).contains(&length) {
        return Err(invalid(
            entity,
            format!("{column} must have {min} to {max} characters"),
        ));
    }
    no_nul(entity, column, value)
}

/// No NUL character in `value`: PostgreSQL text and jsonb strings cannot hold one.
pub(crate) fn no_nul(entity: &'static str, column: &str, value: &str) -> Result<(), RepoError> {
    if value.contains('\0') {
        return Err(invalid(
            entity,
            format!("{column} must not contain NUL characters"),
        ));
    }
    Ok(())
}

/// A JSON value `jsonb` accepts: no NUL character in any string or key.
pub(crate) fn json(entity: &'static str, column: &str, value: &Value) -> Result<(), RepoError> {
    match value {
        Value::String(s) => no_nul(entity, column, s),
        Value::Array(items) => items.iter().try_for_each(|item| json(entity, column, item)),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            no_nul(entity, column, key)?;
            json(entity, column, item)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// The answer for a broken CHECK.
pub(crate) fn invalid(entity: &'static str, reason: String) -> RepoError {
    RepoError::Invalid { entity, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(text("contact", "profile_name", &"é".repeat(256), 0, 256).is_ok());
        assert!(text("contact", "profile_name", &"é".repeat(257), 0, 256).is_err());
        assert!(text("account", "name", "", 1, 100).is_err());
    }

    #[test]
    fn nul_is_refused_in_text_and_json() {
        assert!(text("message", "body", "a\0b", 0, 10).is_err());
        assert!(json("message", "payload", &json!({"a": ["ok", "b\u{0}"]})).is_err());
        assert!(json("message", "payload", &json!({"a\u{0}": 1})).is_err());
        assert!(json("message", "payload", &json!({"a": [1, true, null, "x"]})).is_ok());
    }
}
