//! What the fake Supabase Auth holds: keys, users, the request log and the injected faults.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::keys::{KeyKind, SigningKey};

/// The routes faults can be injected into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `GET /auth/v1/.well-known/jwks.json`
    Jwks,
    /// `POST /auth/v1/invite`
    Invite,
    /// `POST /auth/v1/admin/users`
    CreateUser,
    /// `GET /auth/v1/admin/users/{id}`
    GetUser,
    /// `GET /auth/v1/admin/users`
    ListUsers,
    /// `DELETE /auth/v1/admin/users/{id}`
    DeleteUser,
    /// `GET /auth/v1/health`
    Health,
}

/// A scripted misbehaviour: wait `delay`, then answer `status` instead of the real answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fault {
    /// Answer this HTTP status (with a Supabase-shaped error body) instead of the real answer.
    pub status: Option<u16>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// GoTrue's `error_code` in the error body (`unexpected_failure` when not set).
    pub error_code: Option<&'static str>,
}

impl Fault {
    /// Answer `status` at once.
    pub const fn status(status: u16) -> Self {
        Self {
            status: Some(status),
            delay: None,
            error_code: None,
        }
    }

    /// Answer `status` at once with GoTrue's `error_code`, e.g. 429 `over_email_send_rate_limit`.
    pub const fn error(status: u16, error_code: &'static str) -> Self {
        Self {
            status: Some(status),
            delay: None,
            error_code: Some(error_code),
        }
    }

    /// Answer normally, after `delay`.
    pub const fn delay(delay: Duration) -> Self {
        Self {
            status: None,
            delay: Some(delay),
            error_code: None,
        }
    }
}

/// One request as the fake saw it (headers left out: they carry keys and tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query, e.g. `/auth/v1/.well-known/jwks.json`.
    pub path: String,
    /// The raw query string, empty when none.
    pub query: String,
    /// The status the fake answered.
    pub status: u16,
}

/// A user of the fake, in the fields the admin API returns.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeUser {
    /// `auth.users.id`.
    pub id: Uuid,
    /// The user's email.
    pub email: String,
    /// When the user was created.
    pub created_at: OffsetDateTime,
    /// When the user was invited, for invited users.
    pub invited_at: Option<OffsetDateTime>,
    /// When the email was confirmed (an invited user confirms by accepting).
    pub email_confirmed_at: Option<OffsetDateTime>,
    /// `app_metadata` beyond `provider`/`providers`.
    pub app_metadata: Value,
    /// `user_metadata` (the invite's `data`).
    pub user_metadata: Value,
    /// Insertion order, to sort users created in the same instant.
    pub(crate) seq: u64,
}

fn rfc3339(at: Option<OffsetDateTime>) -> Value {
    at.and_then(|at| at.format(&Rfc3339).ok())
        .map_or(Value::Null, Value::String)
}

impl FakeUser {
    /// The user as GoTrue serialises it.
    pub fn to_json(&self) -> Value {
        let mut app_metadata = json!({"provider": "email", "providers": ["email"]});
        if let (Some(target), Some(extra)) =
            (app_metadata.as_object_mut(), self.app_metadata.as_object())
        {
            target.extend(
                extra
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone())),
            );
        }
        json!({
            "id": self.id,
            "aud": "authenticated",
            "role": "authenticated",
            "email": self.email,
            "phone": "",
            "email_confirmed_at": rfc3339(self.email_confirmed_at),
            "confirmed_at": rfc3339(self.email_confirmed_at),
            "invited_at": rfc3339(self.invited_at),
            "last_sign_in_at": Value::Null,
            "app_metadata": app_metadata,
            "user_metadata": self.user_metadata,
            "identities": [],
            "created_at": rfc3339(Some(self.created_at)),
            "updated_at": rfc3339(Some(self.created_at)),
            "is_anonymous": false,
        })
    }
}

/// Everything the server and the test share, behind one mutex (never held across an await).
pub(crate) struct State {
    pub(crate) keys: Vec<SigningKey>,
    pub(crate) current_es256: String,
    pub(crate) current_rs256: String,
    pub(crate) users: HashMap<Uuid, FakeUser>,
    pub(crate) next_seq: u64,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) faults: HashMap<Endpoint, Fault>,
}

impl State {
    /// A state with one published ES256 and one RS256 key.
    pub(crate) fn new() -> Result<Self, super::FakeAuthError> {
        let es256 = SigningKey::generate(KeyKind::Es256)?;
        let rs256 = SigningKey::generate(KeyKind::Rs256)?;
        Ok(Self {
            current_es256: es256.kid.clone(),
            current_rs256: rs256.kid.clone(),
            keys: vec![es256, rs256],
            users: HashMap::new(),
            next_seq: 0,
            requests: Vec::new(),
            faults: HashMap::new(),
        })
    }

    /// The key with this `kid`, published or not.
    pub(crate) fn key(&self, kid: &str) -> Option<&SigningKey> {
        self.keys.iter().find(|key| key.kid == kid)
    }

    /// The JWKS document: every published key.
    pub(crate) fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .filter(|key| key.published)
            .map(|key| key.jwk.clone())
            .collect();
        json!({ "keys": keys })
    }

    /// Adds a user and returns it.
    pub(crate) fn add_user(
        &mut self,
        email: &str,
        invited: bool,
        confirmed: bool,
        user_metadata: Value,
        app_metadata: Value,
    ) -> FakeUser {
        let now = OffsetDateTime::now_utc();
        self.next_seq += 1;
        let user = FakeUser {
            id: Uuid::new_v4(),
            email: email.to_lowercase(),
            created_at: now,
            invited_at: invited.then_some(now),
            email_confirmed_at: confirmed.then_some(now),
            app_metadata,
            user_metadata,
            seq: self.next_seq,
        };
        self.users.insert(user.id, user.clone());
        user
    }

    /// The user with this email, compared case-insensitively.
    pub(crate) fn user_by_email(&self, email: &str) -> Option<&FakeUser> {
        let email = email.to_lowercase();
        self.users.values().find(|user| user.email == email)
    }
}
