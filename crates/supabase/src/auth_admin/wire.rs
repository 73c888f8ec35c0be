//! GoTrue's user objects and lists, read into the domain's identity records.

use reqwest::header::HeaderMap;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use inbox_domain::IdentityId;
use inbox_domain::identity_admin::IdentityRecord;
use inbox_domain::ports::IdentityError;

use super::errors::unreadable;

/// The fields of GoTrue's user object that the port returns; the rest is ignored.
#[derive(Debug, Deserialize)]
pub(crate) struct WireUser {
    id: Uuid,
    #[serde(default)]
    email: Option<String>,
    created_at: String,
    #[serde(default)]
    invited_at: Option<String>,
    /// The earliest of email and phone confirmation.
    #[serde(default)]
    confirmed_at: Option<String>,
    #[serde(default)]
    email_confirmed_at: Option<String>,
    #[serde(default)]
    last_sign_in_at: Option<String>,
}

/// `GET /admin/users`: `{"users": [...], "aud": ...}`.
#[derive(Debug, Deserialize)]
struct WireList {
    users: Vec<WireUser>,
}

fn time(operation: &'static str, field: &str, text: &str) -> Result<OffsetDateTime, IdentityError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| unreadable(operation, format!("{field} is not an RFC 3339 time")))
}

fn optional_time(
    operation: &'static str,
    field: &str,
    text: Option<&str>,
) -> Result<Option<OffsetDateTime>, IdentityError> {
    text.filter(|text| !text.is_empty())
        .map(|text| time(operation, field, text))
        .transpose()
}

impl WireUser {
    /// The identity record, with GoTrue's empty email (`""`, phone users) as `None`.
    pub(crate) fn into_record(
        self,
        operation: &'static str,
    ) -> Result<IdentityRecord, IdentityError> {
        let confirmed = self.confirmed_at.or(self.email_confirmed_at);
        Ok(IdentityRecord {
            id: IdentityId::from_uuid(self.id),
            email: self.email.filter(|email| !email.is_empty()),
            created_at: time(operation, "created_at", &self.created_at)?,
            invited_at: optional_time(operation, "invited_at", self.invited_at.as_deref())?,
            confirmed_at: optional_time(operation, "confirmed_at", confirmed.as_deref())?,
            last_sign_in_at: optional_time(
                operation,
                "last_sign_in_at",
                self.last_sign_in_at.as_deref(),
            )?,
        })
    }
}

/// One user object.
pub(crate) fn user(operation: &'static str, body: &[u8]) -> Result<IdentityRecord, IdentityError> {
    let user: WireUser = serde_json::from_slice(body)
        .map_err(|err| unreadable(operation, format!("not a user object: {err}")))?;
    user.into_record(operation)
}

/// The users of a list page.
pub(crate) fn users(
    operation: &'static str,
    body: &[u8],
) -> Result<Vec<IdentityRecord>, IdentityError> {
    let list: WireList = serde_json::from_slice(body)
        .map_err(|err| unreadable(operation, format!("not a user list: {err}")))?;
    list.users
        .into_iter()
        .map(|user| user.into_record(operation))
        .collect()
}

/// `X-Total-Count`, when present and a number.
pub(crate) fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-total-count")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_gotrue_user_becomes_a_record() {
        let body = json!({
            "id": "6a1f3a3e-0000-4000-8000-000000000001",
            "aud": "authenticated",
            "email": "a@example.test",
            "phone": "",
            "created_at": "2024-05-01T10:00:00.123456Z",
            "invited_at": "2024-05-01T10:00:00.123456Z",
            "confirmed_at": null,
            "email_confirmed_at": "2024-05-02T08:00:00Z",
            "last_sign_in_at": "",
            "user_metadata": {"full_name": "A"},
            "identities": []
        });
        let record = user("get", body.to_string().as_bytes()).unwrap();
        assert_eq!(record.email.as_deref(), Some("a@example.test"));
        assert_eq!(record.created_at.microsecond(), 123_456);
        assert!(record.invited_at.is_some());
        assert!(
            record.confirmed_at.is_some(),
            "email_confirmed_at stands in"
        );
        assert!(record.last_sign_in_at.is_none(), "empty means never");
    }

    #[test]
    fn phone_users_have_no_email_and_bad_times_are_unreadable() {
        let phone = json!({"id": Uuid::nil(), "email": "", "created_at": "2024-05-01T10:00:00Z"});
        assert!(
            user("get", phone.to_string().as_bytes())
                .unwrap()
                .email
                .is_none()
        );
        let bad = json!({"id": Uuid::nil(), "created_at": "yesterday"});
        assert!(matches!(
            user("get", bad.to_string().as_bytes()),
            Err(IdentityError::Internal(_))
        ));
        assert!(matches!(
            users("list", b"[]"),
            Err(IdentityError::Internal(_))
        ));
    }
}
