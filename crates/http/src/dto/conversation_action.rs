//! Bodies of the conversation actions (favorite, bot mode, status) and the state they answer.

use inbox_domain::{Conversation, ConversationStatus, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::conversation::ConversationStatusDto;

/// A required boolean field, read from any JSON value so a missing field or text where a
/// boolean belongs is still reported with the field's name.
fn required_bool(field: &'static str, value: Option<Value>) -> Result<bool, ValidationError> {
    match value {
        None | Some(Value::Null) => Err(ValidationError::new(field, "is required")),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(ValidationError::new(field, "must be true or false")),
    }
}

/// Body of `PUT /conversations/{id}/favorite`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FavoriteRequest {
    /// `true` pins the conversation, `false` unpins it.
    #[schema(value_type = bool, required = true, example = true)]
    #[serde(default)]
    pub favorite: Option<Value>,
}

impl FavoriteRequest {
    /// The flag; errors name `favorite`.
    pub fn try_into_domain(self) -> Result<bool, ValidationError> {
        required_bool("favorite", self.favorite)
    }
}

/// Body of `PUT /conversations/{id}/bot-mode`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BotModeRequest {
    /// `true` hands the conversation to the bot, `false` back to the agents.
    #[schema(value_type = bool, required = true, example = false)]
    #[serde(default)]
    pub enabled: Option<Value>,
}

impl BotModeRequest {
    /// The flag; errors name `enabled`.
    pub fn try_into_domain(self) -> Result<bool, ValidationError> {
        required_bool("enabled", self.enabled)
    }
}

/// Body of `PUT /conversations/{id}/status`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusRequest {
    /// `open` (reopen), `closed` or `archived`.
    #[schema(value_type = ConversationStatusDto, required = true, example = "closed")]
    #[serde(default)]
    pub status: Option<Value>,
}

impl StatusRequest {
    /// The new state; errors name `status`.
    pub fn try_into_domain(self) -> Result<ConversationStatus, ValidationError> {
        match self.status {
            None | Some(Value::Null) => Err(ValidationError::new("status", "is required")),
            Some(Value::String(s)) => s.parse(),
            Some(_) => Err(ValidationError::new(
                "status",
                "must be one of open, closed, archived",
            )),
        }
    }
}

/// A conversation's state after an action (without its contact and newest message, which an
/// action does not change).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationResponse {
    /// Our id.
    pub id: Uuid,
    /// The business number.
    pub account_id: Uuid,
    /// The customer.
    pub contact_id: Uuid,
    /// Workflow state.
    pub status: ConversationStatusDto,
    /// Inbound messages no agent has read yet.
    pub unread_count: i32,
    /// Pinned by an agent.
    pub favorite: bool,
    /// A bot answers instead of agents.
    pub bot_mode: bool,
    /// Time of the newest message, or of creation while empty (RFC 3339); the list order.
    #[serde(with = "time::serde::rfc3339")]
    pub last_message_at: OffsetDateTime,
    /// The newest message's id, if any.
    pub last_message_id: Option<Uuid>,
    /// Time of the newest customer message (RFC 3339): the 24-hour window starts there.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_inbound_at: Option<OffsetDateTime>,
    /// When the conversation started (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<&Conversation> for ConversationResponse {
    fn from(c: &Conversation) -> Self {
        Self {
            id: c.id.as_uuid(),
            account_id: c.account_id.as_uuid(),
            contact_id: c.contact_id.as_uuid(),
            status: c.status.into(),
            unread_count: c.unread_count,
            favorite: c.favorite,
            bot_mode: c.bot_mode,
            last_message_at: c.last_message_at,
            last_message_id: c.last_message_id.map(|m| m.as_uuid()),
            last_inbound_at: c.last_inbound_at,
            created_at: c.created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_or_mistyped_fields_are_named() {
        for body in [
            json!({}),
            json!({"favorite": null}),
            json!({"favorite": "yes"}),
        ] {
            let request: FavoriteRequest = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(
                request.try_into_domain().unwrap_err().field,
                "favorite",
                "{body}"
            );
        }
        for body in [
            json!({}),
            json!({"status": 1}),
            json!({"status": "deleted"}),
        ] {
            let request: StatusRequest = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(
                request.try_into_domain().unwrap_err().field,
                "status",
                "{body}"
            );
        }
        let request: BotModeRequest = serde_json::from_value(json!({"enabled": 1})).unwrap();
        assert_eq!(request.try_into_domain().unwrap_err().field, "enabled");
    }

    #[test]
    fn well_formed_bodies_parse() {
        let favorite: FavoriteRequest = serde_json::from_value(json!({"favorite": true})).unwrap();
        assert!(favorite.try_into_domain().unwrap());
        let status: StatusRequest = serde_json::from_value(json!({"status": "archived"})).unwrap();
        assert_eq!(
            status.try_into_domain().unwrap(),
            ConversationStatus::Archived
        );
    }
}
