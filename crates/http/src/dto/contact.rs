//! Contact bodies: the full record agents see and edit, its list, query and update.

use inbox_domain::{
    AccountId, Contact, ContactName, ContactNotes, ContactSearch, ContactTags, ContactUpdate,
    Cursor, FieldUpdate, Page, PageLimit, ValidationError,
};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::query::{parse_cursor, parse_limit, parse_search};

/// A customer of one account, with the agents' name, notes and tags.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDetailResponse {
    /// Our id.
    pub id: Uuid,
    /// The account this customer writes to.
    pub account_id: Uuid,
    /// Their WhatsApp id (phone number), when known.
    pub wa_id: Option<String>,
    /// Meta's business-scoped user id, when known.
    pub bsuid: Option<String>,
    /// Their WhatsApp profile name, as Meta last reported it.
    pub profile_name: Option<String>,
    /// The name agents gave them; show it instead of the profile name when set.
    pub display_name: Option<String>,
    /// Agents' notes.
    pub notes: Option<String>,
    /// Agents' labels, in the order given.
    pub tags: Vec<String>,
    /// When we first heard of them (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last change (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<&Contact> for ContactDetailResponse {
    fn from(c: &Contact) -> Self {
        Self {
            id: c.id.as_uuid(),
            account_id: c.account_id.as_uuid(),
            wa_id: c.wa_id.as_ref().map(|w| w.as_str().to_owned()),
            bsuid: c.bsuid.clone(),
            profile_name: c.profile_name.clone(),
            display_name: c.display_name.clone(),
            notes: c.notes.clone(),
            tags: c.tags.clone(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Body of `GET /contacts`: one page, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactList {
    /// The contacts of this page.
    pub items: Vec<ContactDetailResponse>,
    /// Pass as `cursor` to get the next page (with the same `q`); `null` on the last page.
    pub next_cursor: Option<String>,
}

impl From<&Page<Contact>> for ContactList {
    fn from(page: &Page<Contact>) -> Self {
        Self {
            items: page.items.iter().map(Into::into).collect(),
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}

/// Query of `GET /contacts`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    /// The account whose contacts to list.
    #[param(value_type = Uuid, required = true)]
    pub account_id: Option<String>,
    /// Only contacts whose display name, profile name or number contains this, ignoring case
    /// (1 to 100 characters; a number may carry `+`, spaces, dashes, brackets).
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// What `GET /contacts` asks for, parsed.
pub struct ContactListRequest {
    /// Whose contacts.
    pub account: AccountId,
    /// The search, if any.
    pub search: Option<ContactSearch>,
    /// Where to continue.
    pub cursor: Option<Cursor>,
    /// Page size.
    pub limit: PageLimit,
}

impl ContactListQuery {
    /// The parsed query; every error names its parameter.
    pub fn try_into_domain(&self) -> Result<ContactListRequest, ValidationError> {
        let account = self
            .account_id
            .as_deref()
            .ok_or_else(|| ValidationError::new("account_id", "is required"))?
            .parse::<AccountId>()?;
        Ok(ContactListRequest {
            account,
            search: parse_search("q", self.q.as_deref())?,
            cursor: parse_cursor("cursor", self.cursor.as_deref())?,
            limit: parse_limit(self.limit.as_deref())?,
        })
    }
}

/// Keeps `null` apart from a missing field: a present field (even `null`) is `Some`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// Body of `PATCH /contacts/{id}`: a missing field stays as stored, `null` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactUpdateRequest {
    /// The agents' name for the contact, 1 to 256 characters (trimmed); `null` removes it.
    #[schema(value_type = Option<String>, example = "Ada Lovelace")]
    #[serde(default, deserialize_with = "present")]
    pub display_name: Option<Value>,
    /// Notes, at most 10,000 characters (line breaks and tabs allowed); `null` removes them.
    #[schema(value_type = Option<String>)]
    #[serde(default, deserialize_with = "present")]
    pub notes: Option<Value>,
    /// Replaces every tag: at most 50, each 1 to 50 characters, repeats dropped; `[]` or
    /// `null` removes them all.
    #[schema(value_type = Option<Vec<String>>, example = json!(["vip"]))]
    #[serde(default, deserialize_with = "present")]
    pub tags: Option<Value>,
}

/// A text field of the update: keep, clear, or set through `parse`.
fn text_update<T>(
    field: &'static str,
    value: Option<Value>,
    parse: fn(&str) -> Result<T, ValidationError>,
) -> Result<FieldUpdate<T>, ValidationError> {
    match value {
        None => Ok(FieldUpdate::Keep),
        Some(Value::Null) => Ok(FieldUpdate::Clear),
        Some(Value::String(s)) => parse(&s).map(FieldUpdate::Set),
        Some(_) => Err(ValidationError::new(field, "must be a string or null")),
    }
}

impl ContactUpdateRequest {
    /// The checked change; errors name `display_name`, `notes` or `tags`.
    pub fn try_into_domain(self) -> Result<ContactUpdate, ValidationError> {
        let tags = match self.tags {
            None => None,
            Some(Value::Null) => Some(ContactTags::default()),
            Some(Value::Array(items)) => {
                let texts = items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .ok_or_else(|| ValidationError::new("tags", "must hold strings only"))
                    })
                    .collect::<Result<Vec<&str>, _>>()?;
                Some(ContactTags::parse(&texts)?)
            }
            Some(_) => {
                return Err(ValidationError::new(
                    "tags",
                    "must be a list of strings or null",
                ));
            }
        };
        Ok(ContactUpdate {
            display_name: text_update("display_name", self.display_name, ContactName::parse)?,
            notes: text_update("notes", self.notes, ContactNotes::parse)?,
            tags,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn update(body: Value) -> Result<ContactUpdate, ValidationError> {
        serde_json::from_value::<ContactUpdateRequest>(body)
            .unwrap()
            .try_into_domain()
    }

    #[test]
    fn missing_fields_keep_and_null_clears() {
        assert_eq!(update(json!({})).unwrap(), ContactUpdate::default());
        let cleared = update(json!({"display_name": null, "notes": null, "tags": null})).unwrap();
        assert_eq!(cleared.display_name, FieldUpdate::Clear);
        assert_eq!(cleared.notes, FieldUpdate::Clear);
        assert_eq!(cleared.tags, Some(ContactTags::default()));
    }

    #[test]
    fn values_are_checked_and_errors_name_the_field() {
        let set = update(json!({"display_name": " Ada ", "tags": ["vip", "vip"]})).unwrap();
        assert_eq!(
            set.display_name,
            FieldUpdate::Set(ContactName::parse("Ada").unwrap())
        );
        assert_eq!(set.tags.unwrap().as_slice(), ["vip"]);
        let cases = [
            (json!({"display_name": ""}), "display_name"),
            (json!({"display_name": 5}), "display_name"),
            (json!({"notes": ["x"]}), "notes"),
            (json!({"tags": "vip"}), "tags"),
            (json!({"tags": [1]}), "tags"),
            (json!({"tags": [""]}), "tags"),
        ];
        for (body, field) in cases {
            assert_eq!(update(body.clone()).unwrap_err().field, field, "{body}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_value::<ContactUpdateRequest>(json!({"name": "Ada"})).is_err());
    }
}
