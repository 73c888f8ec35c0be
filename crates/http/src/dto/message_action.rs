//! Bodies and queries of the message actions: edit, delete and reactions.

use inbox_domain::{DeleteScope, EditedText, Emoji, ValidationError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A required string field, read from any JSON value so a missing field or a number where
/// text belongs is still reported with the field's name.
fn required_text(field: &'static str, value: Option<Value>) -> Result<String, ValidationError> {
    match value {
        None | Some(Value::Null) => Err(ValidationError::new(field, "is required")),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ValidationError::new(field, "must be a string")),
    }
}

/// Body of `PATCH /messages/{id}`: the new text of one of the business's text messages.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditMessageRequest {
    /// The new text: 1 to 4,096 characters, not only whitespace, no NUL characters.
    #[schema(value_type = String, required = true, example = "Fixed: the shop opens at 9")]
    #[serde(default)]
    pub text: Option<Value>,
}

impl EditMessageRequest {
    /// The checked text; errors name `text`.
    pub fn try_into_domain(self) -> Result<EditedText, ValidationError> {
        EditedText::parse(&required_text("text", self.text)?)
    }
}

/// Body of `PUT /messages/{id}/reaction`: the business's reaction.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReactionRequest {
    /// One emoji (a sequence of up to 10 code points, no letters, digits or spaces).
    #[schema(value_type = String, required = true, example = "👍")]
    #[serde(default)]
    pub emoji: Option<Value>,
}

impl ReactionRequest {
    /// The checked emoji; errors name `emoji`.
    pub fn try_into_domain(self) -> Result<Emoji, ValidationError> {
        Emoji::parse(&required_text("emoji", self.emoji)?)
    }
}

/// Query of `DELETE /messages/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteMessageQuery {
    /// `me` (the default: hide it in this inbox, any message) or `everyone` (also revoke it on
    /// the customer's phone; the business's own messages only).
    #[param(value_type = Option<String>, example = "me")]
    pub scope: Option<String>,
}

impl DeleteMessageQuery {
    /// The scope, `me` when absent; errors name `scope`.
    pub fn try_into_domain(&self) -> Result<DeleteScope, ValidationError> {
        self.scope
            .as_deref()
            .map_or(Ok(DeleteScope::Me), str::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_or_non_string_fields_are_named() {
        for body in [json!({}), json!({"text": null}), json!({"text": 5})] {
            let request: EditMessageRequest = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(
                request.try_into_domain().unwrap_err().field,
                "text",
                "{body}"
            );
        }
        let request: ReactionRequest = serde_json::from_value(json!({"emoji": []})).unwrap();
        assert_eq!(request.try_into_domain().unwrap_err().field, "emoji");
    }

    #[test]
    fn the_scope_defaults_to_me() {
        let query = DeleteMessageQuery { scope: None };
        assert_eq!(query.try_into_domain().unwrap(), DeleteScope::Me);
        let query = DeleteMessageQuery {
            scope: Some("all".into()),
        };
        assert_eq!(query.try_into_domain().unwrap_err().field, "scope");
    }
}
