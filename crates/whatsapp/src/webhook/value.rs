//! Small readers over raw JSON values: Meta's timestamps, ids and typed objects.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::error::redact;

/// A JSON object, as the readers below take it.
pub(crate) type Object = Map<String, Value>;

/// Reads a typed object out of a borrowed value; the error names no payload value.
pub(crate) fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| redact(&e.to_string()))
}

/// An optional string field: absent and `null` are `None`, any other type is an error.
pub(crate) fn opt_str<'a>(object: &'a Object, key: &str) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// A required string field.
pub(crate) fn req_str<'a>(object: &'a Object, key: &str) -> Result<&'a str, String> {
    opt_str(object, key)?.ok_or_else(|| format!("`{key}` is missing"))
}

/// An optional boolean flag: absent, `null` and anything but `true` read as `false`.
pub(crate) fn flag(object: &Object, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// An integer sent as a JSON number or as a string of digits (Meta uses both).
pub(crate) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An id sent as a string or as a JSON integer, as text.
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

/// Takes an array field out of `object`: absent and `null` are empty.
pub(crate) fn take_array(object: &mut Object, key: &str) -> Result<Vec<Value>, String> {
    match object.remove(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(format!("`{key}` is not an array")),
    }
}

/// A Unix-seconds timestamp sent as a string (messages, statuses) or a number (`entry[].time`).
pub(crate) fn unix_time(value: Option<&Value>, key: &str) -> Result<OffsetDateTime, String> {
    let value = value.ok_or_else(|| format!("`{key}` is missing"))?;
    let seconds = int(value).ok_or_else(|| format!("`{key}` is not Unix seconds"))?;
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| format!("`{key}` is out of range"))
}

/// An optional non-empty string field, where a wrong type counts as absent.
pub(crate) fn loose_str(object: &Object, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_are_read_from_strings_and_numbers() {
        let expected = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        for raw in [json!("1700000000"), json!(1_700_000_000)] {
            assert_eq!(
                unix_time(Some(&raw), "timestamp").unwrap(),
                expected,
                "{raw}"
            );
        }
    }

    #[test]
    fn bad_timestamps_are_named_not_quoted() {
        for raw in [json!("soon"), json!(1.5), json!(null), json!(i64::MAX)] {
            let err = unix_time(Some(&raw), "timestamp").unwrap_err();
            assert!(err.starts_with("`timestamp`"), "{raw}: {err}");
        }
        assert_eq!(
            unix_time(None, "timestamp").unwrap_err(),
            "`timestamp` is missing"
        );
    }
}
