//! Pieces every part of a delivery shares: the reject list and Meta's error objects.

use inbox_domain::MetaError;
use inbox_domain::inbound::Reject;
use serde::Deserialize;
use serde_json::Value;

use super::value::decode;

/// Collects the parts of a delivery that could not be read.
#[derive(Debug, Default)]
pub(crate) struct Rejects(Vec<Reject>);

impl Rejects {
    /// Records that the part at `location` was refused for `reason`.
    pub(crate) fn push(&mut self, location: &str, reason: impl Into<String>) {
        self.0.push(Reject {
            location: location.to_owned(),
            reason: reason.into(),
        });
    }

    /// The rejects, in the order they were found.
    pub(crate) fn into_vec(self) -> Vec<Reject> {
        self.0
    }
}

/// Meta's error object: `{code, title, message, error_data: {details}, href}`.
#[derive(Deserialize)]
struct ErrorWire {
    code: Value,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    error_data: Option<ErrorData>,
}

#[derive(Deserialize)]
struct ErrorData {
    #[serde(default)]
    details: Option<String>,
}

/// Reads an `errors` array (absent or `null` is empty); unreadable entries become rejects.
pub(crate) fn errors(raw: Option<&Value>, location: &str, rejects: &mut Rejects) -> Vec<MetaError> {
    let items = match raw {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            rejects.push(location, "`errors` is not an array");
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match meta_error(item) {
            Ok(error) => out.push(error),
            Err(reason) => rejects.push(&format!("{location}[{i}]"), reason),
        }
    }
    out
}

fn meta_error(item: &Value) -> Result<MetaError, String> {
    let wire: ErrorWire = decode(item)?;
    let code = super::value::int(&wire.code).ok_or("`code` is not an integer")?;
    let title = wire
        .title
        .or_else(|| wire.message.clone())
        .unwrap_or_default();
    let details = wire
        .error_data
        .and_then(|data| data.details)
        .or_else(|| wire.message.filter(|message| *message != title));
    Ok(MetaError {
        code,
        title,
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_objects_keep_code_title_and_details() {
        let raw = json!([{"code": 131051, "title": "Message type unknown",
            "message": "Message type unknown", "error_data": {"details": "Message type is not currently supported"}}]);
        let mut rejects = Rejects::default();
        let errors = errors(Some(&raw), "errors", &mut rejects);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, 131_051);
        assert_eq!(errors[0].title, "Message type unknown");
        assert_eq!(
            errors[0].details.as_deref(),
            Some("Message type is not currently supported")
        );
        assert!(rejects.into_vec().is_empty());
    }

    #[test]
    fn an_error_without_code_is_rejected_and_the_others_kept() {
        let raw =
            json!([{"title": "no code"}, {"code": "131000", "message": "Something went wrong"}]);
        let mut rejects = Rejects::default();
        let errors = errors(Some(&raw), "errors", &mut rejects);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, 131_000);
        assert_eq!(errors[0].title, "Something went wrong");
        let rejects = rejects.into_vec();
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].location, "errors[0]");
    }
}
